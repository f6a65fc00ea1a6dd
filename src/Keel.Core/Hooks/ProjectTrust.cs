using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Core.Sessions;
using Keel.Core.Settings.Writing;

namespace Keel.Core.Hooks;

/// <summary>
/// Which project directories the user has trusted to run their own code (hooks, commands with
/// <c>!</c>, MCP servers). Kept in <c>trusted-projects.json</c> in Keel's config directory; the
/// interactive surface asks once per directory and calls <see cref="Trust"/>. Trust is never
/// derived from the project's own files or git metadata.
/// </summary>
public sealed class ProjectTrust(string configDirectory)
{
    public const string FileName = "trusted-projects.json";

    public static ProjectTrust ForEnvironment(Func<string, string?> getEnv) => new(KeelPaths.ConfigDirectory(getEnv));

    public string FilePath => Path.Combine(configDirectory, FileName);

    /// <summary>True when <paramref name="directory"/> or a directory above it was trusted.</summary>
    public bool IsTrusted(string directory)
    {
        var full = Normalize(directory);
        foreach (var trusted in Read())
        {
            if (full == trusted || full.StartsWith(trusted.EndsWith('/') ? trusted : trusted + "/", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Remembers the directory; returns an error message when it could not be saved.</summary>
    public string? Trust(string directory)
    {
        var full = Normalize(directory);
        var all = Read();
        if (all.Contains(full, StringComparer.Ordinal))
        {
            return null;
        }

        // The one settings writer: atomic, locked against concurrent sessions, other keys kept.
        return SettingsWriter.Edit(FilePath, edit =>
        {
            edit.AppendUnique(["trusted"], JsonValue.Create(full));
            return null;
        });
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
            return doc.RootElement.TryGetProperty("trusted", out var list) && list.ValueKind == JsonValueKind.Array
                ? [.. list.EnumerateArray().Where(static e => e.ValueKind == JsonValueKind.String).Select(static e => e.GetString()!)]
                : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // An unreadable trust file trusts nothing: the user is asked again.
            return [];
        }
    }

    private static string Normalize(string directory)
    {
        var full = Path.GetFullPath(directory);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
