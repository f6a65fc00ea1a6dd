using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Cli.Composition;
using Keel.Core.Settings;
using Keel.Core.Settings.Writing;

namespace Keel.Cli.Subcommands;

/// <summary>
/// <c>keel config get|set|unset|list</c>: settings keys by dotted path (<c>permissions.defaultMode</c>). Reads see
/// every layer merged (the highest that sets a key wins); writes go through the one settings writer to the
/// project's <c>.keel/settings.local.json</c> (default), its shared <c>.keel/settings.json</c> (<c>--project</c>), or
/// <c>~/.keel/settings.json</c> (<c>--global</c>). A value Keel would reject is not saved.
/// </summary>
internal static class ConfigCommand
{
    private const string Usage = "usage: keel config get <key> | set [--global|--project|--local] <key> <value> | unset [--global|--project|--local] <key> | list";

    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static async Task<int> RunAsync(List<string> args, KeelEnvironment env, TextWriter stdout, TextWriter stderr)
    {
        var at = SettingsLocations.ForProcess(env.GetEnv, env.WorkingDirectory, flagSettings: null);
        var scope = args.FirstOrDefault(static a => a is "--global" or "-g" or "--project" or "--local");
        var words = args.Where(static a => a is not ("--global" or "-g" or "--project" or "--local")).ToList();
        var file = scope switch
        {
            "--global" or "-g" => Path.Combine(at.KeelConfigDirectory, "settings.json"),
            "--project" => Path.Combine(at.ProjectDirectory, ".keel", "settings.json"),
            _ => Path.Combine(at.ProjectDirectory, ".keel", "settings.local.json"),
        };

        switch (words)
        {
            case ["get", var key] when scope is null:
                return await GetAsync(at, key, stdout, stderr);
            case ["list"] when scope is null:
                await stdout.WriteAsync(List(at));
                return 0;
            case ["set", var key, var value]:
                return await ReportAsync(Set(file, KeyPath(key), Parse(value)), $"{key} = {Parse(value)?.ToJsonString() ?? "null"} in {file}", stdout, stderr);
            case ["unset", var key]:
                return await ReportAsync(Set(file, KeyPath(key), null), $"{key} removed from {file}", stdout, stderr);
            default:
                await stderr.WriteLineAsync($"Error: {Usage}");
                return 2;
        }
    }

    private static string[] KeyPath(string key) => key.Split('.', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>JSON when the text is JSON (<c>true</c>, <c>3</c>, <c>["a"]</c>, <c>"quoted"</c>), else the text as a string.</summary>
    internal static JsonNode? Parse(string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return JsonValue.Create(value);
        }
    }

    private static async Task<int> GetAsync(SettingsLocations at, string key, TextWriter stdout, TextWriter stderr)
    {
        foreach (var layer in SettingsLoader.Load(at).Layers)
        {
            if (Find(layer.Root, KeyPath(key)) is { } value)
            {
                await stdout.WriteLineAsync(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
                return 0;
            }
        }

        await stderr.WriteLineAsync($"{key} is not set in any settings file.");
        return 1;
    }

    private static string List(SettingsLocations at)
    {
        var loaded = SettingsLoader.Load(at);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var layer in loaded.Layers)
        {
            if (layer.Root.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var member in layer.Root.EnumerateObject().Where(m => seen.Add(m.Name)))
            {
                text.Append(member.Name).Append(" = ").Append(member.Value.GetRawText().ReplaceLineEndings(" ")).Append("   (").Append(layer.Path).Append(")\n");
            }
        }

        foreach (var warning in loaded.Warnings)
        {
            text.Append("Warning: ").Append(warning).Append('\n');
        }

        return text.Length == 0 ? "No settings are set.\n" : text.ToString();
    }

    private static JsonElement? Find(JsonElement root, string[] path)
    {
        var current = root;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>Writes (or with a null value removes) the key; refused when Keel's validator rejects the result there.</summary>
    private static string? Set(string file, string[] path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return "the key is empty";
        }

        return SettingsWriter.Edit(file, edit =>
        {
            if (value is null)
            {
                return edit.Remove(path) ? null : $"{string.Join('.', path)} is not set in {file}";
            }

            edit.Set(path, value);
            using var document = JsonDocument.Parse(edit.Utf8, Lenient);
            var problem = SettingsCheck.Problems(document.RootElement)
                .FirstOrDefault(e => e.Path.Take(path.Length).SequenceEqual(path.Take(e.Path.Length)));
            return problem.Message is { } message ? $"{string.Join('.', problem.Path)}: {message} (nothing was saved)" : null;
        });
    }

    private static async Task<int> ReportAsync(string? error, string done, TextWriter stdout, TextWriter stderr)
    {
        if (error is not null)
        {
            await stderr.WriteLineAsync($"Error: {error}");
            return 1;
        }

        await stdout.WriteLineAsync(done);
        return 0;
    }
}
