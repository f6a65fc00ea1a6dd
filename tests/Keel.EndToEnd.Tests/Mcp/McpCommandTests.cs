using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Keel.EndToEnd.Tests.Mcp;

/// <summary><c>keel mcp add|list|get|remove</c> and <c>keel mcp serve</c> driven by the official SDK client.</summary>
public sealed class McpCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Add_list_get_remove_round_trip_writes_the_right_files()
    {
        await using var s = await Scenario.StartAsync();

        var add = await s.RunAsync(["mcp", "add", "everything", "-e", "GREETING=hi", "--", "node", McpFixtures.Everything, "stdio"], timeout: Timeout);
        add.ExitCode.ShouldBe(0, add.ToString());
        var addProject = await s.RunAsync(["mcp", "add", "-s", "project", "-t", "http", "-H", "Authorization: Bearer x", "remote", "http://127.0.0.1:9/mcp"], timeout: Timeout);
        addProject.ExitCode.ShouldBe(0, addProject.ToString());

        var user = JsonNode.Parse(File.ReadAllText(Path.Combine(s.Workspace.ConfigDir, "mcp.json")))!;
        var local = user["projects"]!.AsObject().Single().Value!["mcpServers"]!["everything"]!;
        local["command"]!.GetValue<string>().ShouldBe("node");
        local["env"]!["GREETING"]!.GetValue<string>().ShouldBe("hi");
        var project = JsonNode.Parse(s.Workspace.Read(".mcp.json"))!["mcpServers"]!["remote"]!;
        project["type"]!.GetValue<string>().ShouldBe("http");
        project["headers"]!["Authorization"]!.GetValue<string>().ShouldBe("Bearer x");

        var list = await s.RunAsync(["mcp", "list"], timeout: Timeout);
        list.ExitCode.ShouldBe(0, list.ToString());
        list.Stdout.ShouldContain("everything:");
        list.Stdout.ShouldContain("connected");
        list.Stdout.ShouldContain("remote:");
        list.Stdout.ShouldContain("not approved");

        var get = await s.RunAsync(["mcp", "get", "everything"], timeout: Timeout);
        get.ExitCode.ShouldBe(0, get.ToString());
        get.Stdout.ShouldContain("Scope: local");
        get.Stdout.ShouldContain("tools");

        (await s.RunAsync(["mcp", "remove", "everything"], timeout: Timeout)).ExitCode.ShouldBe(0);
        (await s.RunAsync(["mcp", "remove", "remote"], timeout: Timeout)).ExitCode.ShouldBe(0);
        var gone = await s.RunAsync(["mcp", "get", "everything"], timeout: Timeout);
        gone.ExitCode.ShouldBe(1);
        gone.Stderr.ShouldContain("no MCP server named");
    }

    [Fact]
    public async Task Serve_exposes_builtin_tools_to_the_sdk_client_under_the_permission_engine()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("notes.txt", "line one\nline two\n");
        var calls = """
            [{"name":"Read","arguments":{"file_path":"notes.txt"}},
             {"name":"Glob","arguments":{"pattern":"*.txt"}},
             {"name":"Write","arguments":{"file_path":"new.txt","content":"x"}}]
            """;

        var start = new ProcessStartInfo("node") { WorkingDirectory = s.Workspace.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(McpFixtures.ServeClient);
        start.ArgumentList.Add(s.Keel.Binary);
        start.ArgumentList.Add(calls);
        start.Environment["HOME"] = s.Workspace.Home;
        start.Environment["KEEL_CONFIG_DIR"] = s.Workspace.ConfigDir;
        start.Environment["NODE_PATH"] = Path.Combine(McpFixtures.Directory, "node_modules");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(cts.Token);
        var output = await stdout;
        process.ExitCode.ShouldBe(0, output + await stderr);

        var json = JsonNode.Parse(output)!;
        json["server"]!["name"]!.GetValue<string>().ShouldBe("keel");
        var names = json["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        names.ShouldContain("Read");
        names.ShouldContain("Bash");
        var results = json["results"]!.AsArray();
        results[0]!["content"]![0]!["text"]!.GetValue<string>().ShouldContain("line two");
        results[1]!["content"]![0]!["text"]!.GetValue<string>().ShouldContain("notes.txt");
        results[2]!["isError"]!.GetValue<bool>().ShouldBeTrue();
        results[2]!["content"]![0]!["text"]!.GetValue<string>().ShouldContain("denied");
        s.Workspace.Exists("new.txt").ShouldBeFalse();
    }

    [Fact]
    public async Task Serve_runs_the_projects_tool_hooks()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("notes.txt", "line one\nline two\n");
        var post = Hooks.HookFixture.Script(s.Workspace, ".claude", "post.sh", """
            cat > "$CLAUDE_PROJECT_DIR/post-input.json"
            echo '{"hookSpecificOutput":{"hookEventName":"PostToolUse","additionalContext":"checked by the post hook"}}'
            """);
        var pre = Hooks.HookFixture.Script(s.Workspace, ".claude", "pre.sh", """
            case "$(cat)" in *touch*) echo "no shell over MCP" >&2; exit 2 ;; esac
            """);
        Hooks.HookFixture.Settings(s.Workspace, ".claude", ("PostToolUse", "Read", post, null), ("PreToolUse", "Bash", pre, null));
        s.Workspace.Write(".claude/settings.local.json", """{"permissions":{"allow":["Bash"]},"env":{"KEEL_SERVE_PROBE":"from the settings env"}}""");
        var calls = """
            [{"name":"Read","arguments":{"file_path":"notes.txt"}},
             {"name":"Bash","arguments":{"command":"touch via-mcp.txt"}},
             {"name":"Edit","arguments":{"file_path":"notes.txt"}},
             {"name":"Bash","arguments":{"command":"printenv KEEL_SERVE_PROBE"}}]
            """;

        var (exitCode, output, errors) = await RunServeClientAsync(s, calls);

        exitCode.ShouldBe(0, output + errors);
        var results = JsonNode.Parse(output)!["results"]!.AsArray();
        results[0]!["isError"]!.GetValue<bool>().ShouldBeFalse();
        string.Concat(results[0]!["content"]!.AsArray().Select(c => (string?)c!["text"])).ShouldContain("checked by the post hook");
        var hookInput = JsonNode.Parse(s.Workspace.Read("post-input.json"))!;
        hookInput["hook_event_name"]!.GetValue<string>().ShouldBe("PostToolUse");
        hookInput["tool_name"]!.GetValue<string>().ShouldBe("Read");
        results[1]!["isError"]!.GetValue<bool>().ShouldBeTrue();
        string.Concat(results[1]!["content"]!.AsArray().Select(c => (string?)c!["text"])).ShouldContain("no shell over MCP");
        s.Workspace.Exists("via-mcp.txt").ShouldBeFalse();

        // A call missing required fields is a validation error naming them; the file is untouched.
        var invalid = string.Concat(results[2]!["content"]!.AsArray().Select(c => (string?)c!["text"]));
        invalid.ShouldContain("InputValidationError");
        invalid.ShouldContain("`old_string`");
        s.Workspace.Read("notes.txt").ShouldBe("line one\nline two\n");

        // Serving is composed like a session: the settings' env reaches Bash.
        results[3]!["isError"]!.GetValue<bool>().ShouldBeFalse();
        string.Concat(results[3]!["content"]!.AsArray().Select(c => (string?)c!["text"])).ShouldContain("from the settings env");
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunServeClientAsync(Scenario s, string calls)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = s.Workspace.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(McpFixtures.ServeClient);
        start.ArgumentList.Add(s.Keel.Binary);
        start.ArgumentList.Add(calls);
        start.Environment["HOME"] = s.Workspace.Home;
        start.Environment["KEEL_CONFIG_DIR"] = s.Workspace.ConfigDir;
        start.Environment["NODE_PATH"] = Path.Combine(McpFixtures.Directory, "node_modules");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
