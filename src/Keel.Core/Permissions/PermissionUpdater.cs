using System.Text.Json;
using Keel.Core.Settings;

namespace Keel.Core.Permissions;

/// <summary>
/// Makes an "always" answer stick: appends the rule to the project's <c>.keel/settings.local.json</c>
/// (created if missing; other keys kept; written to a temp file and renamed, so a crash or a
/// concurrent reader never sees half a file) and adds it to the running session at once.
/// </summary>
public sealed class PermissionUpdater(PermissionContext context) : IPermissionMemory
{
    private static readonly Lock FileGate = new();

    public string SettingsPath => Path.Combine(context.ProjectDirectory, ".keel", "settings.local.json");

    /// <summary>Saves and applies the rule; returns an error message (nothing changed) or null.</summary>
    public string? Add(string ruleText, PermissionBehavior behavior)
    {
        var (rule, error) = PermissionRuleParser.Parse(ruleText, behavior, SettingsSources.Local, context.ProjectDirectory);
        if (rule is null)
        {
            return error;
        }

        var normalized = rule.Specifier is null ? rule.ToolName : $"{rule.ToolName}({rule.Specifier})";
        rule = rule with { Text = normalized };
        var write = Write(normalized, behavior);
        if (write is not null)
        {
            return write;
        }

        context.AddRules([rule]);
        return null;
    }

    private string? Write(string rule, PermissionBehavior behavior)
    {
        var key = behavior switch
        {
            PermissionBehavior.Allow => "allow",
            PermissionBehavior.Ask => "ask",
            _ => "deny",
        };
        var path = SettingsPath;
        lock (FileGate)
        {
            JsonElement? existing = null;
            if (File.Exists(path))
            {
                try
                {
                    using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                    if (document.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        return $"{path} is not a JSON object; the rule was not saved";
                    }

                    existing = document.RootElement.Clone();
                }
                catch (JsonException ex)
                {
                    return $"{path}:{(ex.LineNumber ?? 0) + 1}: not valid JSON; the rule was not saved (fix the file first)";
                }
            }

            var bytes = Render(existing, key, rule);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
            try
            {
                File.WriteAllBytes(temp, bytes);
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

    private static byte[] Render(JsonElement? existing, string key, string rule)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            var wrotePermissions = false;
            if (existing is { } root)
            {
                foreach (var property in root.EnumerateObject())
                {
                    if (property.NameEquals("permissions") && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        WritePermissions(w, property.Value, key, rule);
                        wrotePermissions = true;
                    }
                    else
                    {
                        property.WriteTo(w);
                    }
                }
            }

            if (!wrotePermissions)
            {
                WritePermissions(w, default, key, rule);
            }

            w.WriteEndObject();
        }

        stream.Write("\n"u8);
        return stream.ToArray();
    }

    private static void WritePermissions(Utf8JsonWriter w, JsonElement permissions, string key, string rule)
    {
        w.WritePropertyName("permissions");
        w.WriteStartObject();
        var wroteKey = false;
        if (permissions.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in permissions.EnumerateObject())
            {
                if (!property.NameEquals(key) || property.Value.ValueKind != JsonValueKind.Array)
                {
                    property.WriteTo(w);
                    continue;
                }

                w.WritePropertyName(key);
                w.WriteStartArray();
                var present = false;
                foreach (var item in property.Value.EnumerateArray())
                {
                    item.WriteTo(w);
                    present |= item.ValueKind == JsonValueKind.String && item.GetString() == rule;
                }

                if (!present)
                {
                    w.WriteStringValue(rule);
                }

                w.WriteEndArray();
                wroteKey = true;
            }
        }

        if (!wroteKey)
        {
            w.WritePropertyName(key);
            w.WriteStartArray();
            w.WriteStringValue(rule);
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    public string? RememberAllow(string toolName, JsonElement input, string cwd) => Add(Suggest(toolName, input, cwd), PermissionBehavior.Allow);

    /// <summary>The rule an "always allow" for this call would save, e.g. <c>Edit(/src/app.cs)</c> or <c>WebFetch(domain:x.org)</c>.</summary>
    public string Suggest(string toolName, JsonElement input, string cwd)
    {
        string? Field(string name) =>
            input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        switch (toolName)
        {
            case "Bash" when Field("command") is { } command:
                return $"Bash({command.Trim()})";
            case "WebFetch" when Field("url") is { } url && DomainMatcher.Host(url) is { } host:
                return $"WebFetch(domain:{host})";
            case "Read" or "Edit" or "Write" or "NotebookEdit" when (Field("file_path") ?? Field("notebook_path")) is { } file:
                var full = Paths.PathResolver.Lexical(file, cwd, context.Home);
                var family = toolName == "Read" ? "Read" : "Edit";
                var relative = Path.GetRelativePath(context.ProjectDirectory, full);
                return relative.StartsWith("..", StringComparison.Ordinal) ? $"{family}(/{full})" : $"{family}(/{relative.Replace('\\', '/')})";
            default:
                return toolName;
        }
    }
}
