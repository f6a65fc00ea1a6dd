using Keel.Anthropic;
using Keel.Core.Model;
using static Keel.Tests.Anthropic.ClientTestKit;

namespace Keel.Tests.Anthropic;

/// <summary>The idle limit on a manual clock: deterministic, no waiting.</summary>
public sealed class AnthropicClientIdleTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_idle_limit_follows_the_injected_clock()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.StartStreamAsync();
            await exchange.SendChunkAsync(SseText.MessageStart());
            await exchange.StallAsync();
        });
        var clock = new ManualTimeProvider();
        using var client = new AnthropicClient(new AnthropicOptions { BaseUrl = server.BaseUrl, ApiKey = "k", StreamIdleTimeout = Limit }, clock);
        await using var stream = client.StreamAsync(SimpleRequest(), CancellationToken.None).GetAsyncEnumerator();

        (await stream.MoveNextAsync()).ShouldBeTrue();
        stream.Current.ShouldBeOfType<ResponseStartedEvent>();
        (await stream.MoveNextAsync()).ShouldBeTrue();
        stream.Current.ShouldBeOfType<MessageStartEvent>();

        // The next read is armed before MoveNextAsync returns, so advancing now hits that read.
        var next = stream.MoveNextAsync().AsTask();
        clock.Advance(Limit);
        var ex = await Should.ThrowAsync<ModelCallException>(next.WaitAsync(TimeSpan.FromSeconds(10)));
        ex.Error.Kind.ShouldBe(ModelErrorKind.StreamIdle);
    }

    [Fact]
    public async Task A_slow_consumer_is_not_mistaken_for_a_stalled_server()
    {
        var consumerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.StartStreamAsync();
            await exchange.SendChunkAsync(SseText.MessageStart() + SseText.TextStart(0) + SseText.TextDelta(0, "hi") + SseText.BlockStop(0));

            // The rest comes only after the consumer's slow work, so the client must really wait for it.
            await consumerDone.Task.WaitAsync(exchange.Stopping);
            await exchange.SendChunkAsync(SseText.MessageDelta("end_turn", 2) + SseText.MessageStop());
            await exchange.EndStreamAsync();
        });
        var clock = new ManualTimeProvider();
        using var client = new AnthropicClient(new AnthropicOptions { BaseUrl = server.BaseUrl, ApiKey = "k", StreamIdleTimeout = Limit }, clock);
        var events = new List<ModelStreamEvent>();

        await foreach (var e in client.StreamAsync(SimpleRequest(), CancellationToken.None))
        {
            events.Add(e);

            // The consumer spends "ten minutes" on every event; only server silence counts.
            clock.Advance(TimeSpan.FromMinutes(10));
            if (e is ContentBlockStopEvent)
            {
                consumerDone.TrySetResult();
            }
        }

        events[^1].ShouldBeOfType<MessageStopEvent>();
    }
}
