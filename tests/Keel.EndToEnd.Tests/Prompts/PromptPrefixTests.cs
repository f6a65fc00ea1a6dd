using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Prompts;

public sealed class PromptPrefixTests
{
    private static readonly string[] FixArgs = ["-p", "fix add", "--permission-mode", "acceptEdits", "--allowedTools", "Bash"];

    private static ScriptedResponse[] FourRequests() =>
    [
        Turn.Text("Reading the file.").ToolUse("Read", """{"file_path":"calc.py"}"""),
        Turn.ToolUse("Edit", """{"file_path":"calc.py","old_string":"return a - b","new_string":"return a + b"}"""),
        Turn.ToolUse("Bash", """{"command":"cat calc.py"}"""),
        Turn.Text("Fixed add() in calc.py."),
    ];

    [Fact]
    public async Task Each_request_repeats_the_previous_one_as_its_prefix()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.GitInit();
        s.Workspace.Write("calc.py", "def add(a, b):\n    return a - b\n");
        s.Script(FourRequests());

        var result = await s.RunAsync(FixArgs);

        result.ExitCode.ShouldBe(0, result.ToString());
        var bodies = s.Server.MessageRequests.Select(r => r.Body).ToList();
        bodies.Count.ShouldBe(4);
        for (var i = 1; i < bodies.Count; i++)
        {
            var share = (double)CommonPrefix(bodies[i - 1], bodies[i]) / bodies[i - 1].Length;
            share.ShouldBeGreaterThanOrEqualTo(0.99, $"request {i}->{i + 1}");
        }
    }

    [Fact]
    public async Task The_static_system_block_is_identical_across_projects_and_the_dynamic_part_describes_each()
    {
        await using var a = await Scenario.StartAsync();
        await using var b = await Scenario.StartAsync();
        a.Workspace.GitInit();
        a.Workspace.Write("AGENTS.md", "Alpha rules. See @docs/more.md and @missing.md.");
        a.Workspace.Write("docs/more.md", "More alpha rules.");
        a.Script(Turn.Text("ok"));
        b.Script(Turn.Text("ok"));

        (await a.RunAsync("-p", "hi")).ExitCode.ShouldBe(0);
        (await b.RunAsync("-p", "hi")).ExitCode.ShouldBe(0);

        var systemA = a.Server.MessageRequests[0].System!.AsArray();
        var systemB = b.Server.MessageRequests[0].System!.AsArray();
        systemA[0]!.ToJsonString().ShouldBe(systemB[0]!.ToJsonString());
        systemA[0]!["cache_control"].ShouldNotBeNull();
        var dynamicA = string.Concat(systemA.Skip(1).Select(x => (string?)x!["text"]));
        var dynamicB = string.Concat(systemB.Skip(1).Select(x => (string?)x!["text"]));
        dynamicA.ShouldContain($"Working directory: {a.Workspace.Path}\n");
        dynamicA.ShouldContain("Current branch: main\n");
        dynamicA.ShouldContain("Alpha rules. See @docs/more.md and @missing.md (import @missing.md not found).");
        dynamicA.ShouldContain("More alpha rules.");
        dynamicB.ShouldContain($"Working directory: {b.Workspace.Path}\n");
        dynamicB.ShouldContain("Git: the working directory is not in a git repository.");
    }

    [Fact]
    public async Task System_prompt_files_replace_and_append_and_a_missing_one_is_a_clear_error()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("sys.md", "You are a test prompt.");
        s.Workspace.Write("add.md", "Appended rules.");
        s.Script(Turn.Text("ok"));

        var ok = await s.RunAsync("-p", "hi", "--system-prompt-file", "sys.md", "--append-system-prompt-file", "add.md");
        var missing = await s.RunAsync("-p", "hi", "--system-prompt-file", "nope.md");
        var both = await s.RunAsync("-p", "hi", "--system-prompt", "x", "--system-prompt-file", "sys.md");

        ok.ExitCode.ShouldBe(0, ok.ToString());
        var system = s.Server.MessageRequests[0].System!.AsArray();
        ((string?)system[0]!["text"]).ShouldBe("You are a test prompt.");
        ((string?)system[^1]!["text"]).ShouldBe("Appended rules.");
        missing.ExitCode.ShouldNotBe(0);
        missing.Stderr.ShouldContain($"--system-prompt-file: {s.Workspace.FullPath("nope.md")} does not exist.");
        both.ExitCode.ShouldNotBe(0);
        both.Stderr.ShouldContain("--system-prompt and --system-prompt-file cannot be used together");
        s.Server.MessageRequests.Count.ShouldBe(1);
    }

    private static int CommonPrefix(byte[] a, byte[] b) => a.AsSpan().CommonPrefixLength(b);
}
