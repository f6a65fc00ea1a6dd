using System.Text.RegularExpressions;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>Resuming shows the earlier conversation: <c>keel -r</c>, <c>keel -c</c> and the <c>/resume</c> picker.</summary>
public sealed partial class ResumeReplayTests
{
    [Fact]
    public async Task Leaving_prints_how_to_resume_and_keel_r_draws_the_conversation_back()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Bash", """{"command":"echo replayed-output"}"""), Turn.Text("All done with the echo."));
        string id;
        using (var first = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--allowedTools", "Bash(echo:*)"]))
        {
            await first.WaitForReadyAsync();
            first.Type("run the echo");
            first.Keys("Enter");
            await first.WaitForAsync("All done with the echo.");
            await first.WaitForReadyAsync();
            first.Keys("C-d");
            var after = await first.WaitForAsync("KEEL_EXITED 0");
            var match = ResumeLine().Match(after);
            match.Success.ShouldBeTrue(after);
            id = match.Groups[1].Value;
        }

        using var second = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["-r", id]);
        var screen = await second.WaitForReadyAsync();
        screen.ShouldContain("❯ run the echo");
        screen.ShouldContain("✓ Bash(echo replayed-output)");
        screen.ShouldContain("replayed-output");
        screen.ShouldContain("All done with the echo.");
        s.Server.MessageRequests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Continue_draws_the_last_ten_turns_and_a_line_for_the_earlier_ones()
    {
        await using var s = await Scenario.StartAsync();
        for (var i = 1; i <= 12; i++)
        {
            s.Script(Turn.Text($"answer a{i:00}"));
            var args = i == 1 ? new[] { "-p", $"prompt p{i:00}" } : ["-c", "-p", $"prompt p{i:00}"];
            var result = await s.RunAsync(args);
            result.ExitCode.ShouldBe(0, result.ToString());
        }

        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["-c"]);
        var screen = await tmux.WaitForReadyAsync();
        screen.ShouldContain("… 2 earlier turns");
        screen.ShouldNotContain("p01");
        screen.ShouldNotContain("p02");
        screen.ShouldContain("❯ prompt p03");
        screen.ShouldContain("❯ prompt p12");
        screen.ShouldContain("answer a12");
        screen.IndexOf("p03", StringComparison.Ordinal).ShouldBeLessThan(screen.IndexOf("p12", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_resume_picker_lists_filters_previews_and_replays_the_pick()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.GitInit();
        s.Workspace.Write("README.md", "x\n");
        s.Workspace.Git("add", ".");
        s.Workspace.Git("commit", "-q", "-m", "init");
        s.Workspace.Git("checkout", "-q", "-b", "feature-parser");
        s.Script(Turn.Text("Parser fixed in alpha."), Turn.Text("Docs written for beta."));
        (await s.RunAsync("-p", "alpha: fix the parser")).ExitCode.ShouldBe(0);
        (await s.RunAsync("-p", "beta: write the docs")).ExitCode.ShouldBe(0);

        s.Script(Turn.Text("Carrying on with alpha."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();
        tmux.Type("/resume");
        tmux.Keys("Enter");
        var picker = await tmux.WaitForAsync("Resume which session?");
        picker.ShouldContain("alpha: fix the parser");
        picker.ShouldContain("beta: write the docs");
        picker.ShouldContain("2 messages · feature-parser");

        tmux.Type("alph");
        var filtered = await tmux.WaitForAsync(screen => screen.Contains("Search: alph", StringComparison.Ordinal) && !screen.Contains("beta: write the docs", StringComparison.Ordinal), "the list filtered to alpha");
        filtered.ShouldContain("  Parser fixed in alpha.");
        tmux.Keys("Enter");
        var replayed = await tmux.WaitForAsync("Resumed ");
        replayed.ShouldContain("❯ alpha: fix the parser");
        await tmux.WaitForReadyAsync();

        tmux.Type("keep going");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Carrying on with alpha.");
        var sent = s.Server.MessageRequests[^1].Messages!.ToJsonString();
        sent.ShouldContain("alpha: fix the parser");
        sent.ShouldNotContain("beta: write the docs");
    }

    [GeneratedRegex("Resume this session with: keel -r ([0-9a-f-]{36})")]
    private static partial Regex ResumeLine();
}
