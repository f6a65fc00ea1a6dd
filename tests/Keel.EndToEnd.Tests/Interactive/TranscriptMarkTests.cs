using Keel.Testing.FakeServer;
using Keel.Testing.Invariants;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>What the user did in the REPL (/clear, rewind) is what <c>keel -c</c> brings back.</summary>
public sealed class TranscriptMarkTests
{
    [Fact]
    public async Task Continue_after_clear_sends_none_of_the_cleared_turns()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Answer before clearing."), Turn.Text("Fresh start."));
        using (var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []))
        {
            await tmux.WaitForReadyAsync();
            tmux.Type("a prompt that gets cleared");
            tmux.Keys("Enter");
            await tmux.WaitForAsync("Answer before clearing.");
            await tmux.WaitForReadyAsync();
            tmux.Type("/clear");
            tmux.Keys("Enter");
            await tmux.WaitForAsync("Conversation cleared");
            await tmux.WaitForReadyAsync();
            tmux.Keys("C-d");
            await tmux.WaitForAsync("KEEL_EXITED 0");
        }

        var result = await s.RunAsync("-c", "-p", "after the clear");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Fresh start.");
        var sent = s.Server.MessageRequests[^1].Messages!;
        sent.Count.ShouldBe(1);
        sent.ToJsonString().ShouldNotContain("gets cleared");
        sent.ToJsonString().ShouldNotContain("Answer before clearing.");
        s.AssertInvariants();
    }

    [Fact]
    public async Task Continue_after_a_rewind_resumes_the_rewound_conversation()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("First answer."), Turn.Text("Second answer."), Turn.Text("Continued."));
        using (var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []))
        {
            await tmux.WaitForReadyAsync();
            tmux.Type("the prompt that stays");
            tmux.Keys("Enter");
            await tmux.WaitForAsync("First answer.");
            await tmux.WaitForReadyAsync();
            tmux.Type("the prompt that is rewound");
            tmux.Keys("Enter");
            await tmux.WaitForAsync("Second answer.");
            await tmux.WaitForReadyAsync();
            tmux.Keys("Escape");
            tmux.Keys("Escape");
            await tmux.WaitForAsync("Rewind to before which prompt?");
            tmux.Type("2");
            await tmux.WaitForAsync("Rewind what?");
            tmux.Type("2");
            await tmux.WaitForAsync("Rewound");
            tmux.Keys("C-c");
            await tmux.WaitForReadyAsync();
            tmux.Keys("C-d");
            await tmux.WaitForAsync("KEEL_EXITED 0");
        }

        var result = await s.RunAsync("-c", "-p", "after the rewind");

        result.ExitCode.ShouldBe(0, result.ToString());
        var sent = s.Server.MessageRequests[^1].Messages!;
        sent.Count.ShouldBe(3);
        sent[0]!.ToJsonString().ShouldContain("the prompt that stays");
        sent[1]!.ToJsonString().ShouldContain("First answer.");
        sent[2]!.ToJsonString().ShouldContain("after the rewind");
        sent.ToJsonString().ShouldNotContain("is rewound");
        // A rewind rewrites history on purpose, so only the append-only rule may break, and only there.
        RequestInvariants.Check(s.Server.MessageRequests)
            .Where(v => v.Rule != InvariantRules.AppendOnly)
            .ShouldBeEmpty();
    }
}
