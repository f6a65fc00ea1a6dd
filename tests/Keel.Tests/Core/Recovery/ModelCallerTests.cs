using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Recovery;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Recovery;

public sealed class ModelCallerTests
{
    private static readonly ModelError Overloaded = new(ModelErrorKind.Http, "Overloaded", 529, "overloaded_error");

    private static ModelRequest Request(bool background = false) =>
        new("claude-sonnet-5-5", [], [Message.UserText("hi")], [], 1000, IsBackground: background);

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
    public async Task A_background_request_does_not_retry_overload()
    {
        var model = new ScriptedModelClient().Fail(Overloaded).Text("unreached");
        var caller = new ModelCaller(model, new RetryPolicy(), new InstantTimeProvider()) { FallbackModel = "claude-haiku-5-5" };

        var (_, result) = await CallAsync(caller, Request(background: true));

        model.Requests.Count.ShouldBe(1);
        result.Error!.Status.ShouldBe(529);
    }

    [Fact]
    public async Task A_background_request_still_retries_a_rate_limit()
    {
        var model = new ScriptedModelClient().Fail(new ModelError(ModelErrorKind.Http, "slow", 429)).Text("ok");
        var caller = new ModelCaller(model, new RetryPolicy { Jitter = static () => 0 }, new InstantTimeProvider());

        var (_, result) = await CallAsync(caller, Request(background: true));

        result.Message!.Message.Text.ShouldBe("ok");
    }

    [Fact]
    public async Task Unattended_mode_keeps_retrying_overload_with_heartbeats_during_long_waits()
    {
        var model = new ScriptedModelClient();
        for (var i = 0; i < 12; i++)
        {
            model.Fail(i == 0 ? new ModelError(ModelErrorKind.Http, "slow down", 429, RetryAfter: TimeSpan.FromSeconds(95)) : Overloaded);
        }

        model.Text("finally");
        var time = new InstantTimeProvider();
        var caller = new ModelCaller(model, new RetryPolicy { Unattended = true, Jitter = static () => 0 }, time);

        var (events, result) = await CallAsync(caller, Request());

        result.Message!.Message.Text.ShouldBe("finally");
        model.Requests.Count.ShouldBe(13);
        time.Delays.Take(4).ShouldBe([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)]);
        var first = events.OfType<RetryHeartbeat>().Where(h => h.Attempt == 1).ToList();
        first.Select(h => h.Waited.TotalSeconds).ShouldBe([30.0, 60.0, 90.0]);
        first[^1].Remaining.ShouldBe(TimeSpan.FromSeconds(5));
        events.OfType<RetryScheduled>().ShouldAllBe(r => r.MaxRetries == 0);
    }

    [Fact]
    public async Task Unattended_mode_still_fails_fast_on_a_bad_request()
    {
        var model = new ScriptedModelClient().Fail(new ModelError(ModelErrorKind.Http, "bad", 400, "invalid_request_error"));
        var caller = new ModelCaller(model, new RetryPolicy { Unattended = true }, new InstantTimeProvider());

        var (_, result) = await CallAsync(caller, Request());

        result.Error!.Status.ShouldBe(400);
        model.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_401_re_reads_credentials_once_and_retries()
    {
        var model = new ScriptedModelClient().Fail(Unauthorized).Text("authorised");
        var credentials = new CountingCredentials();
        var caller = new ModelCaller(model, new RetryPolicy(), new InstantTimeProvider()) { Credentials = credentials };

        var (events, result) = await CallAsync(caller, Request());

        result.Message!.Message.Text.ShouldBe("authorised");
        credentials.Refreshes.ShouldBe(1);
        events.OfType<RetryScheduled>().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_second_401_after_re_reading_fails()
    {
        var model = new ScriptedModelClient().Fail(Unauthorized).Fail(Unauthorized).Text("unreached");
        var credentials = new CountingCredentials();
        var caller = new ModelCaller(model, new RetryPolicy(), new InstantTimeProvider()) { Credentials = credentials };

        var (_, result) = await CallAsync(caller, Request());

        credentials.Refreshes.ShouldBe(1);
        model.Requests.Count.ShouldBe(2);
        result.Error!.Message.ShouldContain("even after running it again");
    }

    [Fact]
    public async Task Without_a_credential_source_a_401_fails_fast_with_advice()
    {
        var model = new ScriptedModelClient().Fail(Unauthorized);
        var caller = new ModelCaller(model, new RetryPolicy(), new InstantTimeProvider());

        var (_, result) = await CallAsync(caller, Request());

        model.Requests.Count.ShouldBe(1);
        result.Error!.Message.ShouldContain("ANTHROPIC_API_KEY");
        result.Error.Message.ShouldContain("apiKeyHelper");
    }

    private static ModelError Unauthorized => new(ModelErrorKind.Http, "invalid x-api-key", 401, "authentication_error");

    private sealed class CountingCredentials : ICredentialSource
    {
        public int Refreshes { get; private set; }

        public ValueTask<string?> GetApiKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>("key");

        public ValueTask<bool> RefreshAsync(CancellationToken cancellationToken)
        {
            Refreshes++;
            return ValueTask.FromResult(true);
        }
    }
}
