using System.Text.Json;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Tools.Files;
using Keel.Tools.Search;

namespace Keel.Tests.Tools.Files;

/// <summary>The path check is repeated when a tool touches the file, not only when the call is decided.</summary>
public sealed class UseTimeRecheckTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("keel-recheck-").FullName;

    private string Project => Path.Combine(_root, "project");

    private string Outside => Path.Combine(_root, "outside");

    private ToolSession Session(params PermissionRule[] rules)
    {
        Directory.CreateDirectory(Project);
        Directory.CreateDirectory(Outside);
        var engine = new PermissionEngine(new PermissionContext(Project, [], Path.Combine(_root, "home"), PermissionMode.Default, rules));
        return new ToolSession(Project, [], Path.Combine(_root, ".session"), TimeProvider.System) { Paths = engine.Paths };
    }

    private static JsonElement Input(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public async Task A_symlink_swapped_in_after_the_decision_is_refused()
    {
        var session = Session();
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), "top secret");
        var target = Path.Combine(Project, "notes.txt");
        File.WriteAllText(target, "harmless");
        var decision = PermissionDecision.Allow("Read only reads");

        // Decided while notes.txt was an ordinary file; then it becomes a link to a file outside.
        File.Delete(target);
        File.CreateSymbolicLink(target, Path.Combine(Outside, "secret.txt"));
        var result = await new ReadTool().ExecuteAsync(Input("""{"file_path":"notes.txt"}"""), new ToolContext("t1", session) { Decision = decision }, CancellationToken.None);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldNotContain("top secret");
        result.Text.ShouldContain("would now need approval");
    }

    [Fact]
    public async Task A_person_who_approved_the_outside_read_is_not_asked_again()
    {
        var session = Session();
        var file = Path.Combine(Outside, "shared.txt");
        File.WriteAllText(file, "shared data");
        var approved = PermissionDecision.Ask("outside the project") with { Behavior = PermissionBehavior.Allow, Prompted = true };

        var result = await new ReadTool().ExecuteAsync(Input($$"""{"file_path":"{{file}}"}"""), new ToolContext("t1", session) { Decision = approved }, CancellationToken.None);

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldContain("shared data");
    }

    [Fact]
    public async Task Grep_and_glob_skip_files_a_read_deny_rule_forbids()
    {
        var session = Session(new PermissionRule("Read", "./secrets/**", PermissionBehavior.Deny, "projectSettings", "Read(./secrets/**)", Project));
        Directory.CreateDirectory(Path.Combine(Project, "secrets"));
        File.WriteAllText(Path.Combine(Project, "secrets", "key.txt"), "password=hunter2");
        File.WriteAllText(Path.Combine(Project, "app.txt"), "password=placeholder");
        var context = new ToolContext("t1", session);

        var grep = await new GrepTool().ExecuteAsync(Input("""{"pattern":"password","output_mode":"content"}"""), context, CancellationToken.None);
        var glob = await new GlobTool().ExecuteAsync(Input("""{"pattern":"**/*.txt"}"""), context, CancellationToken.None);

        grep.Text.ShouldContain("placeholder");
        grep.Text.ShouldNotContain("hunter2");
        glob.Text.ShouldContain("app.txt");
        glob.Text.ShouldNotContain("key.txt");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
