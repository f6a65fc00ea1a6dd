using Keel.Core.Agent;
using Keel.Core.Compaction;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Terminal.Rendering;
using Keel.Testing.Time;
using Keel.Testing.Workspace;
using static Keel.Tests.Terminal.Rendering.ToolCardRendererTests;

namespace Keel.Tests.Terminal.Rendering;

public sealed class ConversationViewTests
{
    private static readonly RenderOptions Plain = new(Color: false);
    private readonly ManualTimeProvider _time = new();

    private static Usage Out(long output, long input = 0) => new(input, output, 0, 0);

    private static TurnFinished Done(TerminalReason reason = TerminalReason.Completed, ModelError? error = null) =>
        new(reason, string.Empty, 1, error, "end_turn", Transition.UserInput);

    private ConversationView View(ConversationViewSettings? settings = null) => new(Plain, _time, settings);

    private static AssistantMessageCompleted Completed(string text) =>
        new(new AssistantMessage("m", "model", new Message(Role.Assistant, [new TextBlock(text)]), "end_turn", null, Out(5), null));

    [Fact]
    public void A_streamed_answer_is_shown_block_by_block_and_committed_when_its_message_is_complete()
    {
        var view = View();
        view.OnUserPrompt("explain");
        view.OnEvent(new RequestStarted(0, 1));
        view.OnEvent(new AssistantTextDelta("# Title\n\nFirst para"));

        view.TakeCommitted(80).ShouldBe(["❯ explain"]);
        view.LiveLines(80, _time.GetUtcNow()).Take(4).ShouldBe([string.Empty, "# Title", string.Empty, "First para"]);

        view.OnEvent(new AssistantTextDelta("graph.\n\n- a\n"));
        view.TakeCommitted(80).ShouldBeEmpty();
        view.OnEvent(new AssistantBlockCompleted("m", "model", new TextBlock("..."), Out(5), null));
        view.OnEvent(Completed("..."));
        view.OnEvent(Done());

        view.TakeCommitted(80).ShouldBe([string.Empty, "# Title", string.Empty, "First paragraph.", string.Empty, "• a"]);
        view.TakeCommitted(80).ShouldBeEmpty();
        view.LiveLines(80, _time.GetUtcNow()).ShouldBeEmpty();
    }

    [Fact]
    public void A_retried_attempt_drops_what_the_abandoned_one_had_shown()
    {
        var view = View();
        view.OnEvent(new RequestStarted(0, 1));
        view.OnEvent(new AssistantThinkingDelta("first try"));
        view.OnEvent(new AssistantTextDelta("Partial one.\n\nPartial two"));
        view.LiveLines(80, _time.GetUtcNow()).ShouldContain("Partial one.");
        view.OnEvent(new RetryScheduled(2, 10, TimeSpan.FromSeconds(1), new ModelError(ModelErrorKind.BrokenStream, "the stream was cut")));

        view.LiveLines(80, _time.GetUtcNow()).ShouldNotContain(l => l.Contains("Partial") || l.Contains("first try"));

        view.OnEvent(new RequestStarted(0, 2));
        view.OnEvent(new AssistantTextDelta("Final answer.\n\n"));
        view.OnEvent(new AssistantBlockCompleted("m", "model", new TextBlock("Final answer."), Out(5), null));
        view.OnEvent(Completed("Final answer."));
        view.OnEvent(Done());

        view.TakeCommitted(80).ShouldBe(["Final answer."]);
    }

    [Fact]
    public void An_abandoned_attempt_too_long_to_hold_is_marked_as_cut_off()
    {
        var view = View();
        view.OnEvent(new RequestStarted(0, 1));
        view.OnEvent(new AssistantTextDelta(string.Concat(Enumerable.Range(1, 30).Select(i => $"Paragraph {i}.\n\n"))));

        view.LiveLines(80, _time.GetUtcNow());
        view.TakeCommitted(80).ShouldContain("Paragraph 1.");
        view.OnEvent(new RequestStarted(0, 2));

        view.TakeCommitted(200).ShouldBe([string.Empty, "↻ The response above was cut off; it is retried below and is not part of the conversation."]);
    }

    [Fact]
    public void Thinking_is_live_while_it_streams_then_collapses_to_one_line()
    {
        var view = View();
        view.OnEvent(new RequestStarted(0, 1));
        view.OnEvent(new AssistantThinkingDelta("step one\nstep two\nstep three"));

        var live = view.LiveLines(80, _time.GetUtcNow());
        live.Take(4).ShouldBe(["✻ Thinking…", "  step one", "  step two", "  step three"]);

        view.OnEvent(new AssistantTextDelta("Answer.\n\n"));
        view.OnEvent(Completed("Answer."));
        view.TakeCommitted(80).ShouldBe(["✻ Thinking… (3 lines)", string.Empty, "Answer."]);
    }

    [Fact]
    public void Verbose_keeps_thinking_expanded()
    {
        var view = View(new ConversationViewSettings(Verbose: true));
        view.OnEvent(new AssistantThinkingDelta("a\nb"));
        view.OnEvent(new AssistantBlockCompleted("m", "model", new ThinkingBlock("a\nb", "sig"), Out(1), null));

        view.TakeCommitted(80).ShouldBe(["✻ Thinking…", "  a", "  b"]);
    }

    [Fact]
    public void The_spinner_shows_elapsed_time_tokens_and_context_use()
    {
        var view = View(new ConversationViewSettings(ContextWindow: 1000));
        view.OnEvent(new RequestStarted(0, 1));
        view.OnEvent(new AssistantTextDelta(new string('x', 400)));
        _time.Advance(TimeSpan.FromSeconds(12));

        view.LiveLines(80, _time.GetUtcNow())[^1].ShouldBe("⠋ Writing… (12s · ↓ 100 tokens · esc to interrupt)");

        view.OnEvent(new AssistantBlockCompleted("m", "model", new TextBlock("x"), Out(150, input: 300), null));
        view.OnEvent(new RequestStarted(1, 1));
        view.LiveLines(80, _time.GetUtcNow())[^1].ShouldBe("⠋ Working… (12s · ↓ 150 tokens · ctx 45% · esc to interrupt)");
    }

    [Fact]
    public void Context_percentage_takes_the_warning_colour()
    {
        var view = new ConversationView(new RenderOptions(Color: true), _time);
        view.OnEvent(new RequestStarted(0, 1));
        view.OnEvent(new ContextLevelChanged(ContextLevel.Warning, 185_000, ContextThresholds.For(200_000)));

        view.LiveLines(100, _time.GetUtcNow())[^1].ShouldContain("\e[33mctx 92%\e[0m");
        view.TakeCommitted(100).ShouldBe(["\e[33mctx 92%\e[0m\e[2m of the context window used\e[0m"]);
    }

    [Fact]
    public void Backoff_counts_down_to_the_retry()
    {
        var view = View();
        view.OnEvent(new RequestStarted(0, 1));
        view.OnEvent(new RetryScheduled(2, 10, TimeSpan.FromSeconds(8), new ModelError(ModelErrorKind.Http, "Overloaded", 529)));
        _time.Advance(TimeSpan.FromSeconds(3.5));

        view.LiveLines(100, _time.GetUtcNow())[^1].ShouldStartWith("⠴ Overloaded · retrying in 5 s (attempt 2/10)");

        view.OnEvent(new RequestStarted(0, 2));
        view.LiveLines(100, _time.GetUtcNow())[^1].ShouldNotContain("retrying");
    }

    [Fact]
    public void A_model_switch_is_announced()
    {
        var view = View();
        view.OnEvent(new ModelFallbackActivated("big-model", "small-model", new ModelError(ModelErrorKind.Http, "Overloaded", 529)));

        view.TakeCommitted(80).ShouldBe(["⚠ big-model is overloaded; switched to small-model"]);
    }

    [Fact]
    public void Running_tools_are_live_and_finished_cards_are_committed()
    {
        var view = View();
        var call = Call("Bash", """{"command":"npm test"}""");
        view.OnEvent(new RequestStarted(0, 1));
        view.OnEvent(new AssistantBlockCompleted("m", "model", call, Out(10), null));
        view.OnEvent(new PermissionResolved(call, PermissionDecision.Allow("rule")));
        var facets = Facets("Bash", """{"command":"npm test"}""");
        view.OnEvent(new ToolStarted(call) { Facets = facets });
        view.OnEvent(new ToolProgressed(new ToolProgress("t1", "PASS a.test.js")));
        _time.Advance(TimeSpan.FromSeconds(3));

        var live = view.LiveLines(80, _time.GetUtcNow());
        live.ShouldContain("◐ Bash(npm test) · 3s · ctrl+b to run in background");
        live.ShouldContain("  ⎿ PASS a.test.js");
        live[^1].ShouldStartWith("⠋ Running…");

        view.OnEvent(new ToolFinished(call, ToolResult.Success("ok"), PermissionDecision.Allow("rule"), TimeSpan.FromSeconds(3)) { Facets = facets });
        view.TakeCommitted(80).ShouldBe(["✓ Bash(npm test) · 3.0s", "  ⎿ ok"]);
        view.LiveLines(80, _time.GetUtcNow()).ShouldNotContain(l => l.Contains("Bash"));
    }

    [Fact]
    public void A_denied_call_gets_the_denied_card()
    {
        var view = View();
        var call = Call("Bash", """{"command":"rm -rf build"}""");
        var deny = PermissionDecision.Deny("the user said no");
        view.OnEvent(new PermissionResolved(call, deny));
        view.OnEvent(new ToolFinished(call, ToolResult.Error("Permission denied"), deny, TimeSpan.Zero) { Facets = Facets("Bash", """{"command":"rm -rf build"}""") });

        view.TakeCommitted(80).ShouldBe(["⊘ Bash(rm -rf build)", "  ⎿ Denied: the user said no"]);
    }

    [Fact]
    public void A_write_card_shows_the_change_the_tool_reports_without_reading_the_file()
    {
        using var workspace = new TempWorkspace();
        var path = Path.Combine(workspace.Path, "notes.txt");
        var json = $$"""{"file_path":"{{path}}","content":"keep\nnew\n"}""";
        var call = Call("Write", json);
        var view = View(new ConversationViewSettings(WorkingDirectory: workspace.Path));
        var written = ToolResult.Success("written") with { Display = FilePatchDisplay.Between(path, "keep\nold\n", "keep\nnew\n", created: false) };

        // The file does not even exist: the card draws only what the tool reported.
        view.OnEvent(new AssistantBlockCompleted("m", "model", call, Out(10), null));
        view.OnEvent(new ToolFinished(call, written, PermissionDecision.Allow("mode"), TimeSpan.FromSeconds(0.5)) { Facets = Facets("Write", json, workspace.Path) });

        File.Exists(path).ShouldBeFalse();
        view.TakeCommitted(80).ShouldBe([
            "✓ Write(notes.txt) · 500ms",
            "  ⎿ Updated notes.txt with 1 addition and 1 removal",
            "    1   keep",
            "    2 - old",
            "    2 + new",
        ]);
    }

    [Fact]
    public void Turn_endings_other_than_completion_are_explained()
    {
        var view = View();
        view.OnEvent(new RequestStarted(0, 1));
        view.OnEvent(Done(TerminalReason.ModelError, new ModelError(ModelErrorKind.Http, "invalid x-api-key", 401)));
        view.OnEvent(Done(TerminalReason.Aborted));

        view.TakeCommitted(80).ShouldBe(["✗ API error: invalid x-api-key", string.Empty, "⎿ Interrupted"]);
    }

    [Fact]
    public void Compaction_is_reported()
    {
        var view = View();
        view.OnEvent(new ContextCompacted(CompactTrigger.Auto, 180_000, 12_000, "summary"));

        view.TakeCommitted(80).ShouldBe(["✻ Conversation compacted (180k → 12k tokens)"]);
    }

    [Fact]
    public void Committed_lines_fit_the_width_they_are_taken_at()
    {
        var view = new ConversationView(new RenderOptions(Color: true), _time);
        view.OnUserPrompt("日本語の質問 " + new string('x', 50));
        view.OnEvent(new AssistantTextDelta("| a | b |\n|---|---|\n| " + new string('y', 80) + " | z |\n\n"));

        view.TakeCommitted(24).ShouldAllBe(l => Keel.Terminal.Rendering.Text.DisplayWidth.Of(l) <= 24);
    }
}
