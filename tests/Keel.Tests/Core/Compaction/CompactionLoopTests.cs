using Keel.Core.Agent;
using Keel.Core.Compaction;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Sessions;
using Keel.Core.Tools;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Compaction;

public sealed class CompactionLoopTests
{
    private static readonly string Big = new('x', 8_000);

    private static FakeTool BigOutput() => new("Dump", readOnly: true, (_, _) => Task.FromResult(ToolResult.Success(Big)));

    /// <summary>Reports usage the way the API does: what the request really weighs.</summary>
    private static void RealisticUsage(LoopHarness h) => h.Model.InputTokensFor = static r => TokenEstimator.Estimate(r);

    [Fact]
    public async Task Microcompact_clears_old_results_once_over_the_warning_line_and_keeps_pairing()
    {
        using var h = new LoopHarness([BigOutput()], compaction: new CompactionSettings(40_000));
        RealisticUsage(h);
        for (var i = 0; i < 30; i++)
        {
            h.Model.ToolUse("Dump", "{}");
        }

        h.Model.Text("done");
        var events = await h.RunAsync("dump a lot");

        events.OfType<TurnFinished>().Single().Reason.ShouldBe(TerminalReason.Completed);
        var micro = events.OfType<Microcompacted>().ToList();
        micro.ShouldNotBeEmpty();
        micro.Count.ShouldBeLessThan(7, "microcompact must not run on every turn");
        micro.ShouldAllBe(m => m.TokensAfter < m.TokensBefore);
        events.OfType<ContextCompacted>().ShouldBeEmpty();
        var last = h.Model.Requests[^1];
        var results = last.Messages.SelectMany(static m => m.Content).OfType<ToolResultBlock>().ToList();
        results.Count.ShouldBe(30);
        results.TakeLast(5).ShouldAllBe(r => !Microcompactor.IsCleared(r));
        results.ShouldContain(r => Microcompactor.IsCleared(r));
        h.Model.Requests.ShouldAllBe(r => TokenEstimator.Estimate(r) < 40_000);
    }

    [Fact]
    public async Task Autocompact_replaces_the_conversation_with_the_summary_and_writes_a_boundary()
    {
        var transcriptPath = Path.Combine(Path.GetTempPath(), "keel-compact-" + Guid.NewGuid().ToString("N") + ".jsonl");
        using var writer = new TranscriptWriter(transcriptPath, "s", "/tmp", "test", TimeProvider.System);
        using var h = new LoopHarness([BigOutput()], recorder: writer, compaction: new CompactionSettings(20_000) { KeepRecentToolResults = 8 });
        RealisticUsage(h);
        h.Model.SummaryText = "SUMMARY-OF-WORK";
        for (var i = 0; i < 12; i++)
        {
            h.Model.ToolUse("Dump", "{}");
        }

        h.Model.Text("done");
        var events = await h.RunAsync("dump a lot");

        events.OfType<TurnFinished>().Single().Reason.ShouldBe(TerminalReason.Completed);
        var compacted = events.OfType<ContextCompacted>().ToList();
        compacted.ShouldNotBeEmpty();
        compacted[0].Trigger.ShouldBe(CompactTrigger.Auto);
        compacted[0].PostTokens.ShouldBeLessThan(compacted[0].PreTokens);
        // The context grows in 2,000-token results; autocompact starts early enough to leave room for the summary's
        // answer beside the conversation, so the summary is a fork: the session's tools, the conversation, the directive.
        var summaryRequest = h.Model.SummaryRequests[0];
        summaryRequest.Tools.ShouldNotBeEmpty();
        summaryRequest.Messages[0].Text.ShouldContain("dump a lot");
        summaryRequest.Messages[^1].Text.ShouldContain(CompactionPrompt.Opening);
        var after = h.Model.Requests.First(r => r.Messages[0].Text.Contains("SUMMARY-OF-WORK", StringComparison.Ordinal));
        after.Messages.Count.ShouldBe(1);
        after.Messages[0].Text.ShouldContain(CompactionPrompt.InstructionFilesNote);
        h.Model.Requests.ShouldAllBe(r => TokenEstimator.Estimate(r) < 20_000);
        h.Model.SummaryRequests.ShouldAllBe(r => TokenEstimator.Estimate(r) < 20_000);

        writer.Dispose();
        File.ReadAllText(transcriptPath).ShouldContain("\"subtype\":\"compact_boundary\"");
        var loaded = TranscriptReader.Load(transcriptPath);
        loaded.Messages[0].Text.ShouldContain("SUMMARY-OF-WORK");
        loaded.Messages.Count.ShouldBe(h.Loop.Messages.Count);
        File.Delete(transcriptPath);
    }

    [Fact]
    public async Task A_summary_stream_that_breaks_the_protocol_is_retried_and_never_half_used()
    {
        using var h = new LoopHarness([BigOutput()], compaction: new CompactionSettings(20_000));
        for (var i = 0; i < 3; i++)
        {
            h.Model.ToolUse("Dump", "{}");
        }

        h.Model.Text("done");
        await h.RunAsync("FIRST-QUESTION");
        h.Model.SummaryRaw(
            new MessageStartEvent("msg_s", "m", Usage.Zero),
            new ContentBlockStartEvent(0, new TextBlock(string.Empty)),
            new ContentBlockDeltaEvent(0, new Keel.Core.Model.TextDelta("CORRUPT-SUMMARY")),
            new ContentBlockStartEvent(0, new TextBlock(string.Empty)),
            new ContentBlockStopEvent(0),
            new MessageDeltaEvent("end_turn", null, null),
            new MessageStopEvent());
        h.Model.SummaryText = "CLEAN-SUMMARY";

        var events = new List<AgentEvent>();
        await foreach (var e in h.Loop.CompactAsync(null, CancellationToken.None))
        {
            events.Add(e);
        }

        events.OfType<ContextCompacted>().ShouldHaveSingleItem(string.Join(", ", events));
        h.Model.SummaryRequests.Count.ShouldBe(2);
        h.Loop.Messages[0].Text.ShouldContain("CLEAN-SUMMARY");
        h.Loop.Messages[0].Text.ShouldNotContain("CORRUPT-SUMMARY");
    }

    [Fact]
    public async Task A_compaction_forks_the_conversation_and_a_summary_cut_at_its_limit_falls_back_to_the_rendering()
    {
        using var h = new LoopHarness([BigOutput()], compaction: new CompactionSettings(200_000));
        h.Model.ToolUse("Dump", "{}").Text("done");
        await h.RunAsync("FIRST-QUESTION");
        var parent = h.Model.Requests[^1];
        h.Model.SummaryRaw(
            new MessageStartEvent("msg_s", "m", Usage.Zero),
            new ContentBlockStartEvent(0, new TextBlock(string.Empty)),
            new ContentBlockDeltaEvent(0, new Keel.Core.Model.TextDelta("HALF-A-SUMM")),
            new ContentBlockStopEvent(0),
            new MessageDeltaEvent("max_tokens", null, null),
            new MessageStopEvent());
        h.Model.SummaryText = "WHOLE-SUMMARY";

        var events = new List<AgentEvent>();
        await foreach (var e in h.Loop.CompactAsync("the dumps", CancellationToken.None))
        {
            events.Add(e);
        }

        events.OfType<ContextCompacted>().ShouldHaveSingleItem();
        h.Model.SummaryRequests.Count.ShouldBe(2);
        var (fork, rendered) = (h.Model.SummaryRequests[0], h.Model.SummaryRequests[1]);

        // The fork: the session's model, system and tools, the whole conversation, then the directive.
        (fork.Model, fork.System, fork.Tools, fork.Thinking).ShouldBe((parent.Model, parent.System, parent.Tools, parent.Thinking));
        fork.Messages.Take(parent.Messages.Count).ShouldBe(parent.Messages);
        fork.Messages.Count.ShouldBe(parent.Messages.Count + 2, "the last answer, then the directive");
        fork.Messages[^1].Role.ShouldBe(Role.User);
        fork.Messages[^1].Text.ShouldStartWith(CompactionPrompt.Opening);
        fork.Messages[^1].Text.ShouldContain("focus on: the dumps");
        fork.MaxTokens.ShouldBeLessThanOrEqualTo(16_000);

        // Cut at its limit, the fork's answer is not used; the rendering is summarised instead.
        rendered.System.Single().Text.ShouldBe(CompactionPrompt.System);
        rendered.Messages.Single().Text.ShouldContain("<conversation>");
        h.Loop.Messages[0].Text.ShouldContain("WHOLE-SUMMARY");
        h.Loop.Messages[0].Text.ShouldNotContain("HALF-A-SUMM");
    }

    [Fact]
    public async Task A_summary_request_that_is_too_long_drops_old_rounds_and_retries()
    {
        using var h = new LoopHarness([BigOutput()], compaction: new CompactionSettings(20_000));
        for (var i = 0; i < 3; i++)
        {
            h.Model.ToolUse("Dump", "{}");
        }

        h.Model.Text("done");
        await h.RunAsync("FIRST-QUESTION");
        var tooLong = new ModelError(ModelErrorKind.Http, "prompt is too long: 30000 tokens > 20000 maximum", 400, "invalid_request_error");
        h.Model.SummaryFails(tooLong).SummaryFails(tooLong);

        var events = new List<AgentEvent>();
        await foreach (var e in h.Loop.CompactAsync("the dumps", CancellationToken.None))
        {
            events.Add(e);
        }

        events.OfType<TurnFinished>().Single().Reason.ShouldBe(TerminalReason.Completed);
        events.OfType<ContextCompacted>().Single().Trigger.ShouldBe(CompactTrigger.Manual);
        h.Model.SummaryRequests.Count.ShouldBe(3);
        var (fork, rendered, shorter) = (h.Model.SummaryRequests[0], h.Model.SummaryRequests[1], h.Model.SummaryRequests[2]);
        fork.Messages[0].Text.ShouldContain("FIRST-QUESTION");
        fork.Messages[^1].Text.ShouldContain("focus on: the dumps");
        rendered.System.Single().Text.ShouldBe(CompactionPrompt.System);
        rendered.Tools.ShouldBeEmpty();
        rendered.Messages.Single().Text.ShouldContain("FIRST-QUESTION");
        rendered.Messages[0].Text.ShouldContain("focus on: the dumps");
        shorter.Messages[0].Text.ShouldNotContain("FIRST-QUESTION");
        shorter.Messages[0].Text.ShouldContain("oldest part of the conversation was left out");
        h.Loop.Messages.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Three_failed_autocompacts_disable_it_and_the_turn_stops_at_the_blocking_limit()
    {
        using var h = new LoopHarness([BigOutput()], compaction: new CompactionSettings(20_000) { KeepRecentToolResults = 20 });
        RealisticUsage(h);
        var overloaded = new ModelError(ModelErrorKind.Http, "Overloaded", 529, "overloaded_error");
        for (var i = 0; i < 3; i++)
        {
            h.Model.SummaryFails(overloaded);
        }

        for (var i = 0; i < 20; i++)
        {
            h.Model.ToolUse("Dump", "{}");
        }

        var first = await h.RunAsync("dump until full");
        var second = await h.RunAsync("try again");
        var third = await h.RunAsync("and again");
        var fourth = await h.RunAsync("once more");

        List<AgentEvent> all = [.. first, .. second, .. third, .. fourth];
        var failures = all.OfType<CompactionFailed>().ToList();
        failures.Count.ShouldBe(3, "overloaded summary requests are not retried, and three failures stop autocompact");
        failures[^1].AutoCompactDisabled.ShouldBeTrue();
        h.Model.SummaryRequests.Count.ShouldBe(3);
        fourth.OfType<CompactionFailed>().ShouldBeEmpty();
        fourth.OfType<TurnFinished>().Single().Reason.ShouldBe(TerminalReason.BlockingLimit);
        h.Model.Requests.ShouldAllBe(r => TokenEstimator.Estimate(r) < 20_000);
    }

    [Fact]
    public async Task Prompt_too_long_compacts_and_retries_once_without_showing_the_error()
    {
        using var h = new LoopHarness([BigOutput()], compaction: new CompactionSettings(200_000));
        h.Model.ToolUse("Dump", "{}")
            .Fail(new ModelError(ModelErrorKind.Http, "prompt is too long: 210000 tokens > 200000 maximum", 400, "invalid_request_error"))
            .Text("recovered");

        var events = await h.RunAsync("go");

        var finished = events.OfType<TurnFinished>().Single();
        finished.Reason.ShouldBe(TerminalReason.Completed);
        finished.ResultText.ShouldBe("recovered");
        events.OfType<ContextCompacted>().Single().Trigger.ShouldBe(CompactTrigger.Reactive);
        h.Model.Requests[^1].Messages.Count.ShouldBe(1);
        h.Loop.State!.Transition.ShouldBe(Transition.Compacted);
    }

    [Fact]
    public async Task A_second_prompt_too_long_after_compaction_is_shown()
    {
        using var h = new LoopHarness([BigOutput()], compaction: new CompactionSettings(200_000));
        var tooLong = new ModelError(ModelErrorKind.Http, "prompt is too long: 210000 tokens > 200000 maximum", 400, "invalid_request_error");
        h.Model.ToolUse("Dump", "{}").Fail(tooLong).Fail(tooLong);

        var events = await h.RunAsync("go");

        events.OfType<TurnFinished>().Single().Reason.ShouldBe(TerminalReason.PromptTooLong);
        h.Model.SummaryRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Recently_read_files_are_reattached_after_compaction()
    {
        using var h = new LoopHarness([BigOutput()], compaction: new CompactionSettings(200_000));
        var file = Path.Combine(h.Root, "notes.txt");
        await File.WriteAllTextAsync(file, "REMEMBER-THIS-LINE");
        h.Session.Reads.Record(file);
        h.Model.ToolUse("Dump", "{}").ToolUse("Dump", "{}").Text("hi");
        await h.RunAsync("hello");

        await foreach (var _ in h.Loop.CompactAsync(null, CancellationToken.None))
        {
        }

        var message = h.Loop.Messages.Single();
        message.Text.ShouldContain("REMEMBER-THIS-LINE");
        message.Text.ShouldContain(file);
    }
}
