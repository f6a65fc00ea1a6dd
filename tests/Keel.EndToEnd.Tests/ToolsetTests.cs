using Keel.Testing.FakeServer;
using Keel.Testing.Web;

namespace Keel.EndToEnd.Tests;

/// <summary>WebFetch, WebSearch, plan mode and AskUserQuestion through the installed binary.</summary>
public sealed class ToolsetTests
{
    [Fact]
    public async Task Plan_mode_refuses_writes_and_headless_exit_keeps_planning()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("a.txt", "old");
        s.Script(
            Turn.Create()
                .ToolUse("Write", """{"file_path":"new.txt","content":"x"}""")
                .ToolUse("Bash", """{"command":"touch made.txt"}""")
                .ToolUse("Read", """{"file_path":"a.txt"}"""),
            Turn.ToolUse("ExitPlanMode", """{"plan":"1. write new.txt"}"""),
            Turn.Text("Plan stays."));

        var result = await s.RunAsync("-p", "plan it", "--permission-mode", "plan");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("new.txt").ShouldBeFalse();
        s.Workspace.Exists("made.txt").ShouldBeFalse();
        s.Server.MessageRequests[0].BodyText.ShouldContain("This session is in plan mode");
        var first = Scenario.LastToolResults(s.Server.MessageRequests[1]);
        first[0]["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(first[0]).ShouldContain("plan mode");
        first[1]["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(first[2]).ShouldContain("old");
        var exit = Scenario.LastToolResults(s.Server.MessageRequests[2]).Single();
        Scenario.ResultText(exit).ShouldContain("not approved");
        s.AssertInvariants();
    }

    [Fact]
    public async Task The_plan_approval_setting_lets_a_headless_run_leave_plan_mode_and_edit()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("ExitPlanMode", """{"plan":"write new.txt"}"""),
            Turn.ToolUse("Write", """{"file_path":"new.txt","content":"done"}"""),
            Turn.Text("Written."));

        var result = await s.RunAsync("-p", "go", "--permission-mode", "plan", "--settings", """{"planModeApproval":"acceptEdits"}""");

        result.ExitCode.ShouldBe(0, result.ToString());
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()).ShouldContain("acceptEdits mode");
        s.Workspace.Read("new.txt").ShouldBe("done");
    }

    [Fact]
    public async Task Ask_user_question_headless_tells_the_model_nobody_is_there()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("AskUserQuestion", """{"questions":[{"question":"Which db?","header":"DB","multiSelect":false,"options":[{"label":"Postgres","description":"server"},{"label":"SQLite","description":"file"}]}]}"""),
            Turn.Text("Assuming SQLite."));

        var result = await s.RunAsync("-p", "set up a db");

        result.ExitCode.ShouldBe(0, result.ToString());
        var answer = Scenario.LastToolResults(s.Server.MessageRequests[1]).Single();
        answer["is_error"].ShouldBeNull();
        Scenario.ResultText(answer).ShouldContain("No user is available");
        result.Stdout.ShouldContain("Assuming SQLite.");
    }

    [Fact]
    public async Task Web_fetch_reads_a_local_page_through_the_small_model_with_the_content_marked_untrusted()
    {
        using var web = new LoopbackHttpServer();
        web.Text("/doc", "text/html", "<html><body><nav>menu</nav><h2>Limits</h2><p>The limit is <b>42</b>.</p></body></html>");
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("WebFetch", $$"""{"url":"{{web.Url("/doc")}}","prompt":"what is the limit?"}"""),
            Turn.Text("The page says the limit is 42."),
            Turn.Text("It is 42."));

        var result = await s.RunAsync("-p", "find the limit", "--allowedTools", "WebFetch(domain:127.0.0.1)");

        result.ExitCode.ShouldBe(0, result.ToString());
        var side = s.Server.MessageRequests[1];
        side.Model.ShouldBe("claude-haiku-5-5");
        side.BodyText.ShouldContain("untrusted");
        var user = Scenario.ResultText(side.Messages![0]!);
        user.ShouldContain("<untrusted_web_content>");
        user.ShouldContain("## Limits");
        user.ShouldContain("The limit is **42**.");
        user.ShouldNotContain("menu");
        user.ShouldContain("what is the limit?");
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[2]).Single()).ShouldContain("The page says the limit is 42.");
    }

    [Theory]
    [InlineData("--disallowedTools", "denies")]
    [InlineData(null, "needs approval")]
    public async Task Web_fetch_is_refused_by_a_deny_rule_or_when_nobody_can_approve(string? flag, string reason)
    {
        using var web = new LoopbackHttpServer();
        web.Text("/doc", "text/plain", "secret");
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("WebFetch", $$"""{"url":"{{web.Url("/doc")}}","prompt":"read"}"""), Turn.Text("refused"));
        string[] args = flag is null ? ["-p", "fetch"] : ["-p", "fetch", flag, "WebFetch(domain:127.0.0.1)"];

        var result = await s.RunAsync(args);

        result.ExitCode.ShouldBe(0, result.ToString());
        var refusal = Scenario.LastToolResults(s.Server.MessageRequests[1]).Single();
        refusal["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(refusal).ShouldContain(reason);
        web.Hits.ShouldBe(0);
        s.Server.MessageRequests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Web_search_runs_the_server_tool_and_returns_titles_and_urls()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("WebSearch", """{"query":"keel agent docs","allowed_domains":["keel.dev"]}"""),
            Turn.Create()
                .ServerToolUse("web_search", """{"query":"keel agent docs"}""", "srvtoolu_01")
                .WebSearchResult("srvtoolu_01", ("Keel documentation", "https://keel.dev/docs"), ("Keel install", "https://keel.dev/install"))
                .Text("Keel's docs live at keel.dev/docs."),
            Turn.Text("Found them."));

        var result = await s.RunAsync("-p", "search", "--output-format", "json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var side = s.Server.MessageRequests[1];
        var tool = side.Tools!.Single()!;
        tool["type"]!.GetValue<string>().ShouldBe("web_search_20250305");
        tool["allowed_domains"]![0]!.GetValue<string>().ShouldBe("keel.dev");
        var text = Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[2]).Single());
        text.ShouldContain("1. Keel documentation — https://keel.dev/docs");
        text.ShouldContain("2. Keel install — https://keel.dev/install");
        text.ShouldContain("Keel's docs live at keel.dev/docs.");
        s.AssertInvariants();
    }
}
