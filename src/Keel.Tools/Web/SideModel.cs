using System.Text.Json;
using Keel.Core.Agent;
using Keel.Core.Cost;
using Keel.Core.Recovery;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Tools.Web;

/// <summary>
/// Side requests to a small fast model (WebFetch's extraction, WebSearch's server-side search): background
/// requests through the session's model client, their cost added to the session's tracker.
/// </summary>
public sealed class SideModel
{
    private readonly Func<IModelClient> _client;
    private readonly CostTracker _cost;
    private readonly TimeProvider _time;

    // A side request is background work with a user waiting on the tool: a couple of retries, no 529 retries.
    private static readonly RetryPolicy SideRetries = new() { MaxRetries = 2 };

    /// <param name="client">Resolved at the first call, so composing a session creates nothing early.</param>
    public SideModel(Func<IModelClient> client, CostTracker cost, string model, TimeProvider? time = null)
    {
        _client = client;
        _cost = cost;
        _time = time ?? TimeProvider.System;
        Model = model;
    }

    public string Model { get; }

    /// <summary>The model for side requests: <c>KEEL_SMALL_FAST_MODEL</c>, <c>ANTHROPIC_SMALL_FAST_MODEL</c>, else the haiku alias.</summary>
    public static string ResolveModel(Func<string, string?> getEnv, string? setting = null) =>
        ModelCatalog.Resolve(NonEmpty(getEnv("KEEL_SMALL_FAST_MODEL")) ?? NonEmpty(getEnv("ANTHROPIC_SMALL_FAST_MODEL")) ?? NonEmpty(setting) ?? "haiku");

    /// <param name="model">Another model than <see cref="Model"/> for this request (null: <see cref="Model"/>).</param>
    public async Task<SideResult> SendAsync(string system, string user, int maxTokens, IReadOnlyList<JsonElement>? serverTools, CancellationToken cancellationToken, string? model = null)
    {
        var request = new ModelRequest(model ?? Model, [new SystemBlock(system, CacheBreakpoint: false)], [Message.UserText(user)], [], maxTokens, IsBackground: true)
        {
            ServerTools = serverTools ?? [],
        };
        ModelCallResult result;
        try
        {
            // The agent loop's model caller: a broken, cut or runaway stream is retried or stopped, never half used.
            result = await new ModelCaller(_client(), SideRetries, _time).CallAsync(request, cancellationToken);
        }
        catch (ModelCallException ex)
        {
            return new SideResult(null, ex.Error.Message);
        }
        catch (HttpRequestException ex)
        {
            return new SideResult(null, ex.Message);
        }

        if (result.Message is not { } message)
        {
            return new SideResult(null, result.Error?.Message ?? "the response ended early");
        }

        Record(message);
        return new SideResult(message, null);
    }

    private void Record(AssistantMessage message)
    {
        var usage = message.Usage;
        if (usage.TotalInputTokens + usage.OutputTokens + usage.WebSearchRequests > 0)
        {
            _cost.Add(message.Model.Length > 0 ? message.Model : Model, usage);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
