namespace Keel.Tools.Agents;

/// <summary>Reads the model-facing text embedded next to the Agent tool.</summary>
internal static class EmbeddedText
{
    public static string Load(string fileName)
    {
        using var stream = typeof(EmbeddedText).Assembly.GetManifestResourceStream("Keel.Tools." + fileName)
            ?? throw new InvalidOperationException($"Embedded resource Keel.Tools.{fileName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().TrimEnd();
    }
}
