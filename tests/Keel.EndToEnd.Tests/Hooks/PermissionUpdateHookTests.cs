using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Hooks;

/// <summary>
/// A PermissionRequest hook's <c>updatedPermissions</c>: replaceRules, removeRules, addDirectories and removeDirectories
/// at each destination (session, localSettings, projectSettings, userSettings), applied at once and saved where asked.
/// </summary>
public sealed class PermissionUpdateHookTests
{
    /// <summary>A hook on <paramref name="matcher"/> that logs each call to calls.log and allows with these updates.</summary>
    private static void ApprovingHook(Scenario s, string matcher, JsonArray updates)
    {
        var answer = new JsonObject
        {
            ["hookSpecificOutput"] = new JsonObject
            {
                ["hookEventName"] = "PermissionRequest",
                ["decision"] = new JsonObject { ["behavior"] = "allow", ["updatedPermissions"] = updates },
            },
        }.ToJsonString();
        s.Workspace.Write(".claude/hooks/answer.json", answer);
        var hook = HookFixture.Script(s.Workspace, ".claude", "approve.sh", """
            cat > /dev/null
            echo call >> "$CLAUDE_PROJECT_DIR/calls.log"
            cat "$CLAUDE_PROJECT_DIR/.claude/hooks/answer.json"
            """);
        var group = new JsonObject { ["matcher"] = matcher, ["hooks"] = new JsonArray(new JsonObject { ["type"] = "command", ["command"] = hook }) };
        s.Workspace.Write(".claude/settings.json", new JsonObject { ["hooks"] = new JsonObject { ["PermissionRequest"] = new JsonArray(group) } }.ToJsonString());
    }

    private static JsonObject Rules(string type, string behavior, string destination, params (string Tool, string? Content)[] rules) => new()
    {
        ["type"] = type,
        ["rules"] = new JsonArray([.. rules.Select(static r => (JsonNode)(r.Content is null ? new JsonObject { ["toolName"] = r.Tool } : new JsonObject { ["toolName"] = r.Tool, ["ruleContent"] = r.Content }))]),
        ["behavior"] = behavior,
        ["destination"] = destination,
    };

    private static JsonObject Directories(string type, string destination, params string[] directories) => new()
    {
        ["type"] = type,
        ["directories"] = new JsonArray([.. directories.Select(static d => (JsonNode)JsonValue.Create(d))]),
        ["destination"] = destination,
    };

    private static int Calls(Scenario s) => s.Workspace.Exists("calls.log") ? s.Workspace.Read("calls.log").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length : 0;

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(static n => n!.GetValue<string>())];

    [Fact]
    public async Task Replace_rules_in_project_settings_swaps_the_allow_list_for_this_session_and_the_file()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/settings.json", """{ "permissions": { "allow": ["Bash(mkdir:*)", "Bash(cp:*)"] } }""");
        ApprovingHook(s, "Bash", [Rules("replaceRules", "allow", "projectSettings", ("Bash", "touch:*"))]);
        s.Script(
            Turn.ToolUse("Bash", """{"command":"touch a.txt"}"""),
            Turn.ToolUse("Bash", """{"command":"touch b.txt"}"""),
            Turn.ToolUse("Bash", """{"command":"mkdir made"}"""),
            Turn.Text("done"));

        var result = await s.RunAsync("-p", "go");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("a.txt").ShouldBeTrue();
        s.Workspace.Exists("b.txt").ShouldBeTrue();
        Calls(s).ShouldBe(2, "touch b.txt is allowed by the new rule; mkdir lost its rule and asks again");
        Strings(JsonNode.Parse(s.Workspace.Read(".keel/settings.json"))!["permissions"]!["allow"]).ShouldBe(["Bash(touch:*)"]);
    }

    [Fact]
    public async Task Remove_rules_from_user_settings_and_add_rules_for_the_session_only()
    {
        await using var s = await Scenario.StartAsync();
        var user = Path.Combine(s.Workspace.ConfigDir, "settings.json");
        Directory.CreateDirectory(s.Workspace.ConfigDir);
        File.WriteAllText(user, """{ "permissions": { "allow": ["Bash(touch:*)", "Bash(cp:*)"] } }""");
        ApprovingHook(s, "Bash",
        [
            Rules("removeRules", "allow", "userSettings", ("Bash", "touch:*")),
            Rules("addRules", "allow", "session", ("Bash", "mkdir:*")),
        ]);
        s.Script(
            Turn.ToolUse("Bash", """{"command":"mkdir one"}"""),
            Turn.ToolUse("Bash", """{"command":"touch x.txt"}"""),
            Turn.ToolUse("Bash", """{"command":"mkdir two"}"""),
            Turn.Text("done"));

        var result = await s.RunAsync("-p", "go");

        result.ExitCode.ShouldBe(0, result.ToString());
        Calls(s).ShouldBe(2, "touch lost its user rule and asks; the second mkdir is allowed by the session rule");
        s.Workspace.Exists("two").ShouldBeTrue();
        Strings(JsonNode.Parse(File.ReadAllText(user))!["permissions"]!["allow"]).ShouldBe(["Bash(cp:*)"]);
        s.Workspace.Exists(".keel/settings.local.json").ShouldBeFalse("a session rule is not saved");
    }

    [Fact]
    public async Task A_directory_added_to_local_settings_is_in_scope_at_once_and_in_the_next_session()
    {
        await using var s = await Scenario.StartAsync();
        var outside = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(s.Workspace.Path)!, "outside")).FullName;
        ApprovingHook(s, "Write", [Directories("addDirectories", "localSettings", outside)]);
        s.Script(
            Turn.ToolUse("Write", $$"""{"file_path":"{{outside}}/a.txt","content":"a"}"""),
            Turn.ToolUse("Write", $$"""{"file_path":"{{outside}}/b.txt","content":"b"}"""),
            Turn.Text("done"));

        var first = await s.RunAsync("-p", "write outside", "--permission-mode", "acceptEdits");

        first.ExitCode.ShouldBe(0, first.ToString());
        File.ReadAllText(Path.Combine(outside, "b.txt")).ShouldBe("b");
        Calls(s).ShouldBe(1, "once the directory is in scope, acceptEdits allows the second write");
        Strings(JsonNode.Parse(s.Workspace.Read(".keel/settings.local.json"))!["permissions"]!["additionalDirectories"]).ShouldBe([outside]);

        File.Delete(s.Workspace.FullPath(".claude/settings.json"));
        s.Script(Turn.ToolUse("Write", $$"""{"file_path":"{{outside}}/c.txt","content":"c"}"""), Turn.Text("done"));
        var second = await s.RunAsync("-p", "write outside again", "--permission-mode", "acceptEdits");

        second.ExitCode.ShouldBe(0, second.ToString());
        File.ReadAllText(Path.Combine(outside, "c.txt")).ShouldBe("c");
    }

    [Fact]
    public async Task A_removed_directory_leaves_the_scope_and_the_settings_file()
    {
        await using var s = await Scenario.StartAsync();
        var outside = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(s.Workspace.Path)!, "outside")).FullName;
        s.Workspace.Write(".keel/settings.local.json", $$"""{ "permissions": { "additionalDirectories": ["{{outside}}"] } }""");
        ApprovingHook(s, "Bash", [Directories("removeDirectories", "localSettings", outside)]);
        s.Script(
            Turn.ToolUse("Write", $$"""{"file_path":"{{outside}}/before.txt","content":"in scope"}"""),
            Turn.ToolUse("Bash", """{"command":"python3 -c 'print(1)'"}"""),
            Turn.ToolUse("Write", $$"""{"file_path":"{{outside}}/after.txt","content":"out of scope"}"""),
            Turn.Text("done"));

        var result = await s.RunAsync("-p", "go", "--permission-mode", "acceptEdits");

        result.ExitCode.ShouldBe(0, result.ToString());
        File.Exists(Path.Combine(outside, "before.txt")).ShouldBeTrue();
        Calls(s).ShouldBe(1);
        File.Exists(Path.Combine(outside, "after.txt")).ShouldBeFalse("the directory left the scope, so the write asked and -p refused it");
        Strings(JsonNode.Parse(s.Workspace.Read(".keel/settings.local.json"))!["permissions"]!["additionalDirectories"]).ShouldBeEmpty();
    }
}
