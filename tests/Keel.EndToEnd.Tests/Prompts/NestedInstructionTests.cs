using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Prompts;

public sealed class NestedInstructionTests
{
    [Fact]
    public async Task A_nested_claude_md_is_attached_once_to_the_first_read_below_it_and_never_to_the_system_prompt()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.GitInit();
        s.Workspace.Write("AGENTS.md", "Root rules.");
        s.Workspace.Write("services/billing/CLAUDE.md", "Billing: amounts are integer cents.");
        s.Workspace.Write("services/billing/invoice.py", "def total(): pass\n");
        s.Workspace.Write("services/billing/tax.py", "RATE = 7\n");
        s.Workspace.Write("docs/readme.txt", "docs\n");
        s.Script(
            Turn.ToolUse("Read", """{"file_path":"docs/readme.txt"}"""),
            Turn.ToolUse("Read", """{"file_path":"services/billing/invoice.py"}"""),
            Turn.ToolUse("Read", """{"file_path":"services/billing/tax.py"}"""),
            Turn.Text("done"));

        var result = await s.RunAsync("-p", "look at billing");

        result.ExitCode.ShouldBe(0, result.ToString());
        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(4);
        string ResultOf(int i) => string.Concat(requests[i].Messages![^1]!["content"]!.AsArray().Select(b => Scenario.ResultText(b!) + (string?)b!["text"]));
        ResultOf(1).ShouldNotContain("integer cents");
        ResultOf(2).ShouldContain("Billing: amounts are integer cents.");
        ResultOf(2).ShouldContain("def total(): pass");
        ResultOf(3).ShouldNotContain("integer cents");
        var system = string.Concat(requests[3].System!.AsArray().Select(b => (string?)b!["text"]));
        system.ShouldContain("Root rules.");
        system.ShouldNotContain("integer cents");
        requests[3].System!.ToJsonString().ShouldBe(requests[0].System!.ToJsonString());
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_rule_with_paths_applies_only_when_the_model_works_on_a_matching_file()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.GitInit();
        s.Workspace.Write(".claude/rules/tests.md", "---\npaths: \"tests/**/*.py\"\n---\nTests: use pytest fixtures, never unittest.");
        s.Workspace.Write(".keel/rules/general.md", "General rule: keep functions short.");
        s.Workspace.Write("app/main.py", "print(1)\n");
        s.Workspace.Write("tests/unit/test_main.py", "def test_x(): pass\n");
        s.Script(
            Turn.ToolUse("Read", """{"file_path":"app/main.py"}"""),
            Turn.ToolUse("Read", """{"file_path":"tests/unit/test_main.py"}"""),
            Turn.Text("done"));

        var result = await s.RunAsync("-p", "check the tests");

        result.ExitCode.ShouldBe(0, result.ToString());
        var requests = s.Server.MessageRequests;
        string ResultOf(int i) => string.Concat(requests[i].Messages![^1]!["content"]!.AsArray().Select(b => Scenario.ResultText(b!) + (string?)b!["text"]));
        var system = string.Concat(requests[0].System!.AsArray().Select(b => (string?)b!["text"]));
        system.ShouldContain("General rule: keep functions short.");
        system.ShouldNotContain("pytest fixtures");
        ResultOf(1).ShouldNotContain("pytest fixtures");
        ResultOf(2).ShouldContain("Tests: use pytest fixtures, never unittest.");
    }
}
