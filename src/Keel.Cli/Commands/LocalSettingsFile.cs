using System.Text.Json;

namespace Keel.Cli.Commands;

/// <summary>
/// Sets one top-level key in the project's <c>.keel/settings.local.json</c>, keeping every other key,
/// written to a temp file and renamed so a reader never sees half a file.
/// </summary>
public static class LocalSettingsFile
{
    private static readonly Lock Gate = new();

    public static string PathFor(string projectDirectory) => Path.Combine(projectDirectory, ".keel", "settings.local.json");

    /// <summary>Null on success, else a message saying why nothing was written.</summary>
    public static string? SetString(string projectDirectory, string key, string value) =>
        Set(projectDirectory, key, w => w.WriteString(key, value));

    /// <summary>Null on success, else a message saying why nothing was written.</summary>
    public static string? SetBool(string projectDirectory, string key, bool value) =>
        Set(projectDirectory, key, w => w.WriteBoolean(key, value));

    private static string? Set(string projectDirectory, string key, Action<Utf8JsonWriter> write)
    {
        var path = PathFor(projectDirectory);
        lock (Gate)
        {
            JsonElement? existing = null;
            if (File.Exists(path))
            {
                try
                {
                    using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                    if (document.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        return $"{path} is not a JSON object; nothing was saved";
                    }

                    existing = document.RootElement.Clone();
                }
                catch (JsonException ex)
                {
                    return $"{path}:{(ex.LineNumber ?? 0) + 1}: not valid JSON; nothing was saved (fix the file first)";
                }
                catch (IOException ex)
                {
                    return $"could not read {path}: {ex.Message}";
                }
            }

            var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(temp, Render(existing, key, write));
                File.Move(temp, path, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                File.Delete(temp);
                return $"could not write {path}: {ex.Message}";
            }
        }

        return null;
    }

    private static byte[] Render(JsonElement? existing, string key, Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            var written = false;
            if (existing is { } root)
            {
                foreach (var property in root.EnumerateObject())
                {
                    if (property.NameEquals(key))
                    {
                        write(writer);
                        written = true;
                    }
                    else
                    {
                        property.WriteTo(writer);
                    }
                }
            }

            if (!written)
            {
                write(writer);
            }

            writer.WriteEndObject();
        }

        stream.Write("\n"u8);
        return stream.ToArray();
    }
}
