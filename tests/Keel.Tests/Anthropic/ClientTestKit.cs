using Keel.Anthropic;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Tests.Anthropic;

/// <summary>Shared helpers for the client tests: a request, a client for a server, draining a stream.</summary>
internal static class ClientTestKit
{
    public static ModelRequest SimpleRequest() =>
        new("claude-test", [new SystemBlock("You are a test.", CacheBreakpoint: true)], [Message.UserText("hello")], [], MaxTokens: 256);

    public static AnthropicClient ClientFor(RawHttpServer server, Func<AnthropicOptions, AnthropicOptions>? configure = null)
    {
        var options = new AnthropicOptions { BaseUrl = server.BaseUrl + "/", ApiKey = "sk-test-key" };
        return new AnthropicClient(configure?.Invoke(options) ?? options);
    }

    public static async Task<List<ModelStreamEvent>> CollectAsync(IModelClient client, List<ModelStreamEvent>? into = null, CancellationToken cancellationToken = default)
    {
        var events = into ?? [];
        await foreach (var e in client.StreamAsync(SimpleRequest(), cancellationToken))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Runs the stream to its failure and returns the error; the events seen before it land in <paramref name="seen"/>.</summary>
    public static async Task<ModelError> FailureAsync(IModelClient client, List<ModelStreamEvent>? seen = null)
    {
        var ex = await Should.ThrowAsync<ModelCallException>(() => CollectAsync(client, seen));
        return ex.Error;
    }
}
