using System.Text.Json;
using Keel.Core.Permissions;

namespace Keel.Tests.Core.Permissions.Shell.Round2;

/// <summary>
/// A real project on disk for the adversarial shell classes: a denied <c>.env</c> and <c>secrets/</c>
/// tree, an edit-locked <c>locked/</c> tree, ordinary source files, and the real engine and path policy.
/// </summary>
internal sealed class ShellWorld : IDisposable
{
    public static readonly string[] Denies = ["Read(./.env)", "Read(./secrets/**)", "Read(./nested/deep/token.txt)", "Edit(./locked/**)"];

    private readonly PermissionWorld _world = new();

    public ShellWorld()
    {
        _world.Write(".env", "API_KEY=top-secret");
        _world.Write("secrets/key.pem", "PRIVATE");
        _world.Write("nested/deep/token.txt", "TOKEN");
        _world.Write("nested/deep/readme.md", "fine");
        _world.Write("locked/config.yml", "locked");
        _world.Write("src/main.cs", "class A {}");
        _world.Write("src/util.cs", "class B {}");
        _world.Write("docs/guide.md", "guide");
        _world.Write("clean/a.txt", "a");
        Directory.CreateDirectory(Path.Combine(Project, "clean", "sub"));
        _world.Write("clean/sub/b.txt", "b");
    }

    public string Project => _world.Project;

    public string Home => _world.Home;

    public string Outside => _world.Outside;

    public string Write(string path, string content = "x") => _world.Write(path, content);

    public PermissionDecision Decide(string command, PermissionMode mode = PermissionMode.Default, string[]? allow = null, string[]? deny = null, string? cwd = null)
    {
        var engine = _world.Engine(mode, allow ?? [], deny: [.. Denies, .. deny ?? []]);
        return engine.Evaluate("Bash", Input(command), cwd ?? Project).Decision;
    }

    /// <summary>The same project with no deny rules at all.</summary>
    public PermissionDecision DecideWithoutDenies(string command, string[] allow) =>
        _world.Engine(PermissionMode.Default, allow, deny: []).Evaluate("Bash", Input(command), Project).Decision;

    public PermissionBehavior Behavior(string command, PermissionMode mode = PermissionMode.Default, string[]? allow = null, string? cwd = null) =>
        Decide(command, mode, allow, cwd: cwd).Behavior;

    public void Dispose() => _world.Dispose();

    private static JsonElement Input(string command)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("command", command);
            w.WriteEndObject();
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }
}
