using System.Text.Json;
using Keel.Core.Permissions;
using Keel.Core.Settings;

namespace Keel.Tests.Core.Permissions;

/// <summary>A temp project (git repo) and home, and an engine over them with the given rules and mode.</summary>
internal sealed class PermissionWorld : IDisposable
{
    public PermissionWorld()
    {
        Root = Directory.CreateTempSubdirectory("keel-perm-").FullName;
        Project = Directory.CreateDirectory(Path.Combine(Root, "repo")).FullName;
        Directory.CreateDirectory(Path.Combine(Project, ".git"));
        Home = Directory.CreateDirectory(Path.Combine(Root, "home")).FullName;
        Outside = Directory.CreateDirectory(Path.Combine(Root, "outside")).FullName;
    }

    public string Root { get; }

    public string Project { get; }

    public string Home { get; }

    public string Outside { get; }

    public string Write(string path, string content = "x")
    {
        var full = Path.IsPathRooted(path) ? path : Path.Combine(Project, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public PermissionEngine Engine(PermissionMode mode = PermissionMode.Default, string[]? allow = null, string[]? ask = null, string[]? deny = null, string[]? addDirs = null)
    {
        var rules = new List<PermissionRule>();
        Add(rules, deny, PermissionBehavior.Deny);
        Add(rules, ask, PermissionBehavior.Ask);
        Add(rules, allow, PermissionBehavior.Allow);
        var engine = new PermissionEngine(new PermissionContext(Project, addDirs ?? [], Home, mode, rules));
        engine.Tools.Register(Keel.Tests.Tools.BuiltInToolsForTests.All());
        return engine;
    }

    public static JsonElement Input(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static JsonElement FileInput(string path) => FileJson(path);

    public PermissionBehavior Decide(PermissionEngine engine, string tool, string path) =>
        engine.Evaluate(tool, FileInput(path), Project).Decision.Behavior;

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private void Add(List<PermissionRule> rules, string[]? texts, PermissionBehavior behavior)
    {
        foreach (var text in texts ?? [])
        {
            rules.Add(PermissionRuleParser.Parse(text, behavior, SettingsSources.CliArg, Project).Rule!);
        }
    }

    private static JsonElement FileJson(string path)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("file_path", path);

            // What Write and Edit also need, so one input fits every file tool (others skip unknown fields).
            w.WriteString("content", "x");
            w.WriteString("old_string", "a");
            w.WriteString("new_string", "b");
            w.WriteEndObject();
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }
}
