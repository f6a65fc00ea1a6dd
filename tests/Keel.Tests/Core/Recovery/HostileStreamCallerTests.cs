using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Recovery;
using Keel.Testing.Time;
using Keel.Tests.Core.Fakes;
using TextDelta = Keel.Core.Model.TextDelta;

namespace Keel.Tests.Core.Recovery;

/// <summary>The model caller against streams that break the protocol, never end, or keep failing.</summary>
public sealed class HostileStreamCallerTests
{
    private static ModelRequest Request(int maxTokens = 1000) =>
        new("claude-sonnet-5-5", [], [Message.UserText("hi")], [], maxTokens);

    private static ModelStreamEvent[] DuplicateToolIndex() =>
    [
        new ResponseStartedEvent("req_dup"),
        new MessageStartEvent("msg_d", "claude-sonnet-5-5", Usage.Zero),
        new ContentBlockStartEvent(0, new ToolUseBlock("toolu_1", "Bash", MessageJson.EmptyObject)),
        new ContentBlockDeltaEvent(0, new InputJsonDelta("""{"command":"rm -rf build"}""")),
        new ContentBlockStartEvent(0, new ToolUseBlock("toolu_2", "Bash", MessageJson.EmptyObject)),
        new ContentBlockStopEvent(0),
        new MessageDeltaEvent("tool_use", null, null),
        new MessageStopEvent(),
    ];

    private static async Task<(List<AgentEvent> Events, ModelCallResult Result)> CallAsync(ModelCaller caller, ModelRequest request)
    {
        var result = new ModelCallResult();
        var events = new List<AgentEvent>();
        await foreach (var e in caller.StreamAsync(request, 1, result, CancellationToken.None))
        {
            events.Add(e);
        }

        return (events, result);
    }

    [Fact]
    public async Task A_duplicate_block_start_breaks_the_attempt_and_the_retry_is_used_instead()
    {
        var model = new ScriptedModelClient().Raw(DuplicateToolIndex()).Text("clean answer");
        var caller = new ModelCaller(model, new RetryPolicy { Jitter = static () => 0 }, new InstantTimeProvider());

        var (events, result) = await CallAsync(caller, Request());

        result.Message!.Message.Text.ShouldBe("clean answer");
        result.Message.Message.ToolUses.ShouldBeEmpty();
        model.Requests.Count.ShouldBe(2);
        var retry = events.OfType<RetryScheduled>().Single();
        retry.Error.Kind.ShouldBe(ModelErrorKind.BrokenStream);
        retry.Error.Message.ShouldContain("a second content_block_start for index 0");
        events.OfType<AssistantBlockCompleted>().ShouldAllBe(b => b.Block is TextBlock);
        events.OfType<AssistantMessageCompleted>().Count().ShouldBe(1);
    }

    [Fact]
    public async Task A_stream_that_stays_broken_is_reported_after_a_bounded_number_of_attempts()
    {
        var model = new ScriptedModelClient().Raw(DuplicateToolIndex()).Raw(DuplicateToolIndex()).Raw(DuplicateToolIndex()).Text("unreached");
        var caller = new ModelCaller(model, new RetryPolicy { Jitter = static () => 0 }, new InstantTimeProvider());

        var (_, result) = await CallAsync(caller, Request());

        result.Message.ShouldBeNull();
        model.Requests.Count.ShouldBe(3);
        result.Error!.Kind.ShouldBe(ModelErrorKind.BrokenStream);
        result.Error.Attempts.ShouldBe(3);
        result.Error.RequestId.ShouldBe("req_dup");
        result.Error.Describe().ShouldContain("3 times");
        result.Error.Describe().ShouldEndWith("[request-id: req_dup; 3 attempts]");
    }

    [Fact]
    public async Task An_endless_stream_is_cut_at_the_ceiling_from_max_tokens_and_its_text_is_kept()
    {
        var model = new ScriptedModelClient().EndlessText(deltaLength: 1000).Text("unreached");
        var caller = new ModelCaller(model, new RetryPolicy(), new InstantTimeProvider()) { Limits = StreamLimits.Default with { MaxCharsPerToken = 8 } };

        var (events, result) = await CallAsync(caller, Request(maxTokens: 1000));

        model.Requests.Count.ShouldBe(1);
        result.Error!.Kind.ShouldBe(ModelErrorKind.OutputLimit);
        result.Error.Message.ShouldContain("more than 8,000 characters");
        result.Error.Attempts.ShouldBe(1);
        result.Error.RequestId.ShouldBe("req_endless");
        result.Partial!.Message.Text.Length.ShouldBe(8000);
        events.OfType<RetryScheduled>().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_stream_still_going_at_the_attempt_deadline_is_cut()
    {
        var model = new ScriptedModelClient().EndlessText(deltaLength: 10).Text("unreached");
        var clock = new ManualTimeProvider();
        var caller = new ModelCaller(model, new RetryPolicy(), clock) { Limits = StreamLimits.Default with { AttemptTimeout = TimeSpan.FromMinutes(3), MaxCharsPerToken = 1_000_000 } };
        var result = new ModelCallResult();
        var deltas = 0;

        await foreach (var e in caller.StreamAsync(Request(), 1, result, CancellationToken.None))
        {
            if (e is AssistantTextDelta && ++deltas == 5)
            {
                clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));
            }
        }

        deltas.ShouldBe(5);
        result.Error!.Kind.ShouldBe(ModelErrorKind.OutputLimit);
        result.Error.Message.ShouldContain("per-attempt deadline");
        result.Partial!.Message.Text.ShouldBe(new string('e', 50));
    }

    [Fact]
    public void The_derived_limits_grow_with_max_tokens()
    {
        StreamLimits.Default.OutputCeiling(32_000).ShouldBe(32_000L * 64);
        StreamLimits.Default.AttemptDeadline(32_000).ShouldBe(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1600));
        var env = StreamLimits.FromEnvironment(name => name switch
        {
            "KEEL_ATTEMPT_TIMEOUT_MS" => "1500",
            "KEEL_OUTPUT_CHARS_PER_TOKEN" => "3",
            _ => null,
        });
        env.AttemptDeadline(32_000).ShouldBe(TimeSpan.FromMilliseconds(1500));
        env.OutputCeiling(10).ShouldBe(30);
    }

    [Fact]
    public async Task The_final_error_names_the_last_request_id_and_the_number_of_attempts()
    {
        var model = new ScriptedModelClient();
        for (var i = 1; i <= 3; i++)
        {
            model.Fail(new ModelError(ModelErrorKind.Http, "Internal server error", 500, "api_error", $"req_{i}"));
        }

        var caller = new ModelCaller(model, new RetryPolicy { MaxRetries = 2, Jitter = static () => 0 }, new InstantTimeProvider());

        var (_, result) = await CallAsync(caller, Request());

        result.Error!.Attempts.ShouldBe(3);
        result.Error.Describe().ShouldBe("API Error (500 api_error): Internal server error [request-id: req_3; 3 attempts]");
    }

    [Fact]
    public async Task A_spent_quota_is_not_retried_even_in_unattended_mode()
    {
        var quota = new ModelError(ModelErrorKind.QuotaExhausted, "spend limit reached", 429, "rate_limit_error", "req_q", TimeSpan.FromSeconds(1), ShouldRetry: false);
        var model = new ScriptedModelClient().Fail(quota).Text("unreached");
        var caller = new ModelCaller(model, new RetryPolicy { Unattended = true }, new InstantTimeProvider());

        var (events, result) = await CallAsync(caller, Request());

        model.Requests.Count.ShouldBe(1);
        events.OfType<RetryScheduled>().ShouldBeEmpty();
        result.Error!.Kind.ShouldBe(ModelErrorKind.QuotaExhausted);
        result.Error.Attempts.ShouldBe(1);
    }
}
