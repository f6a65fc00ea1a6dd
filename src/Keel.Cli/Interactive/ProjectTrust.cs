using System.Text.Json;

namespace Keel.Cli.Interactive;

/// <summary>
/// Directories the user said they trust, in <c>&lt;config&gt;/trusted-directories.json</c>
/// (<c>{"trusted":["/abs/dir",…]}</c>). A directory inside a trusted one is trusted too.
/// </summary>
public sealed class ProjectTrust(string configDirectory)
{
    public string FilePath => Path.Combine(configDirectory, "trusted-directories.json");

    public bool IsTrusted(string directory)
    {
        var full = Path.GetFullPath(directory).TrimEnd('/');
        return Read().Any(t => full == t || full.StartsWith(t + "/", StringComparison.Ordinal));
    }

    public void Trust(string directory)
    {
        var all = Read();
        var full = Path.GetFullPath(directory).TrimEnd('/');
        if (all.Contains(full))
        {
            return;
        }

        all.Add(full);
        try
        {
            Directory.CreateDirectory(configDirectory);
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteStartArray("trusted");
                foreach (var dir in all)
                {
                    w.WriteStringValue(dir);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            var temp = FilePath + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
            File.WriteAllBytes(temp, stream.ToArray());
            File.Move(temp, FilePath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not remembered: the question comes back next time, nothing worse.
        }
    }

    private List<string> Read()
    {
        try
        {
            if (!File.Exists(FilePath))
            {
                return [];
            }

            using var doc = JsonDocument.Parse(File.ReadAllBytes(FilePath));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("trusted", out var list) && list.ValueKind == JsonValueKind.Array
                ? [.. list.EnumerateArray().Where(static e => e.ValueKind == JsonValueKind.String).Select(static e => e.GetString()!.TrimEnd('/'))]
                : [];
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
