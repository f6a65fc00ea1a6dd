using System.Collections.Concurrent;

namespace Keel.Tools.Files;

/// <summary>Loads the model-facing Markdown embedded next to a tool, once per name.</summary>
internal static class EmbeddedText
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Load(string fileName) => Cache.GetOrAdd(fileName, static name =>
    {
        var resource = $"Keel.Tools.{name}.md";
        using var stream = typeof(EmbeddedText).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Trim();
    });
}
