using System.Text.Json;
using Keel.Anthropic;
using Keel.Anthropic.Requests;
using Keel.Core.Messages;
using Keel.Core.Model;
using static Keel.Tests.Anthropic.ClientTestKit;

namespace Keel.Tests.Anthropic;

public sealed class AnthropicClientTests
{
    [Fact]
    public async Task A_streamed_message_folds_into_text_and_a_tool_call_with_parsed_input()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.StartStreamAsync(("request-id", "req_abc"));
            await exchange.SendChunkAsync(SseText.MessageStart() + SseText.Ping());
            await exchange.SendChunkAsync(SseText.TextStart(0) + SseText.TextDelta(0, "Let me "));
            await exchange.SendChunkAsync(SseText.TextDelta(0, "look.") + SseText.BlockStop(0));
            await exchange.SendChunkAsync(SseText.ToolStart(1, "toolu_1", "Read"));
            await exchange.SendChunkAsync(SseText.JsonDelta(1, "{\\\"path\\\": \\\"sr"));
            await exchange.SendChunkAsync(SseText.JsonDelta(1, "c/a.cs\\\"}") + SseText.BlockStop(1));
            await exchange.SendChunkAsync(SseText.MessageDelta("tool_use", 33) + SseText.MessageStop());
            await exchange.EndStreamAsync();
        });
        using var client = ClientFor(server, o => o with { Betas = ["beta-one", "beta-two"] });

        var events = await CollectAsync(client);

        events[0].ShouldBe(new ResponseStartedEvent("req_abc"));
        events[^1].ShouldBeOfType<MessageStopEvent>();
        events.ShouldContain(e => e is PingEvent);
        var accumulator = new MessageAccumulator();
        foreach (var e in events)
        {
            accumulator.Apply(e);
        }

        var message = accumulator.Build();
        message.RequestId.ShouldBe("req_abc");
        message.Id.ShouldBe("msg_1");
        message.StopReason.ShouldBe("tool_use");
        message.Usage.ShouldBe(new Usage(10, 33, 5, 7));
        message.Message.Text.ShouldBe("Let me look.");
        var toolUse = message.Message.ToolUses.ShouldHaveSingleItem();
        toolUse.Name.ShouldBe("Read");
        toolUse.Input.GetProperty("path").GetString().ShouldBe("src/a.cs");

        var request = server.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Path.ShouldBe("/v1/messages");
        request.Headers["x-api-key"].ShouldBe("sk-test-key");
        request.Headers.ContainsKey("authorization").ShouldBeFalse();
        request.Headers["anthropic-version"].ShouldBe("2023-06-01");
        request.Headers["anthropic-beta"].ShouldBe("beta-one,beta-two");
        request.Headers["accept"].ShouldBe("text/event-stream");
        request.Headers["content-type"].ShouldBe("application/json");
        request.Headers["user-agent"].ShouldBe("keel/0.1.0");
        request.Body.ShouldBe(AnthropicRequestWriter.Write(SimpleRequest()));
    }

    [Fact]
    public async Task An_auth_token_is_sent_as_bearer_instead_of_the_api_key()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.StartStreamAsync(("x-request-id", "req_x"));
            await exchange.SendChunkAsync(SseText.MessageStart() + SseText.MessageStop());
            await exchange.EndStreamAsync();
        });
        using var client = ClientFor(server, o => o with { AuthToken = "tok-123" });

        var events = await CollectAsync(client);

        events[0].ShouldBe(new ResponseStartedEvent("req_x"));
        var request = server.Requests.ShouldHaveSingleItem();
        request.Headers["authorization"].ShouldBe("Bearer tok-123");
        request.Headers.ContainsKey("x-api-key").ShouldBeFalse();
        request.Headers.ContainsKey("anthropic-beta").ShouldBeFalse();
    }

    [Fact]
    public async Task Consecutive_calls_reuse_the_connection()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.StartStreamAsync();
            await exchange.SendChunkAsync(SseText.MessageStart() + SseText.MessageStop());
            await exchange.EndStreamAsync();
        });
        using var client = ClientFor(server);

        await CollectAsync(client);
        await CollectAsync(client);

        server.Requests.Count.ShouldBe(2);
        server.ConnectionCount.ShouldBe(1);
    }

    [Fact]
    public async Task Missing_credentials_fail_with_authentication_before_any_request()
    {
        await using var server = new RawHttpServer(_ => Task.CompletedTask);
        using var client = new AnthropicClient(new AnthropicOptions { BaseUrl = server.BaseUrl });

        var error = await FailureAsync(client);

        error.Kind.ShouldBe(ModelErrorKind.Authentication);
        error.Message.ShouldContain("ANTHROPIC_API_KEY");
        server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Caller_cancellation_during_a_stalled_stream_surfaces_promptly_as_cancellation()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.StartStreamAsync();
            await exchange.SendChunkAsync(SseText.MessageStart());
            await exchange.StallAsync();
        });
        using var client = ClientFor(server);
        using var cts = new CancellationTokenSource();

        async Task DrainAsync()
        {
            await foreach (var e in client.StreamAsync(SimpleRequest(), cts.Token))
            {
                if (e is MessageStartEvent)
                {
                    await cts.CancelAsync();
                }
            }
        }

        // The server never ends the stream, so only a prompt cancellation finishes in time.
        await Should.ThrowAsync<OperationCanceledException>(DrainAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Events_keep_their_raw_json()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.StartStreamAsync();
            await exchange.SendChunkAsync(SseText.MessageStart() + SseText.MessageStop());
            await exchange.EndStreamAsync();
        });
        using var client = ClientFor(server);

        var events = await CollectAsync(client);

        using var raw = JsonDocument.Parse(events[1].Raw!);
        raw.RootElement.GetProperty("type").GetString().ShouldBe("message_start");
    }
}
