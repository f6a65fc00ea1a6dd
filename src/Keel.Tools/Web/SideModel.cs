using System.Text.Json;
using Keel.Core.Cost;
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

    /// <param name="client">Resolved at the first call, so composing a session creates nothing early.</param>
    public SideModel(Func<IModelClient> client, CostTracker cost, string model)
    {
        _client = client;
        _cost = cost;
        Model = model;
    }

    public string Model { get; }

    /// <summary>The model for side requests: <c>KEEL_SMALL_FAST_MODEL</c>, <c>ANTHROPIC_SMALL_FAST_MODEL</c>, else the haiku alias.</summary>
    public static string ResolveModel(Func<string, string?> getEnv, string? setting = null) =>
        ModelCatalog.Resolve(NonEmpty(getEnv("KEEL_SMALL_FAST_MODEL")) ?? NonEmpty(getEnv("ANTHROPIC_SMALL_FAST_MODEL")) ?? NonEmpty(setting) ?? "haiku");

    public async Task<SideResult> SendAsync(string system, string user, int maxTokens, IReadOnlyList<JsonElement>? serverTools, CancellationToken cancellationToken)
    {
        var request = new ModelRequest(Model, [new SystemBlock(system, CacheBreakpoint: false)], [Message.UserText(user)], [], maxTokens, IsBackground: true)
        {
            ServerTools = serverTools ?? [],
        };
        var accumulator = new MessageAccumulator();
        try
        {
            await foreach (var streamEvent in _client().StreamAsync(request, cancellationToken))
            {
                if (streamEvent is StreamErrorEvent error)
                {
                    Record(accumulator);
                    return new SideResult(null, $"{error.ErrorType}: {error.Message}");
                }

                accumulator.Apply(streamEvent);
            }
        }
        catch (ModelCallException ex)
        {
            return new SideResult(null, ex.Error.Message);
        }
        catch (HttpRequestException ex)
        {
            return new SideResult(null, ex.Message);
        }

        Record(accumulator);
        return accumulator.Stopped
            ? new SideResult(accumulator.Build(), null)
            : new SideResult(null, "the response ended early");
    }

    private void Record(MessageAccumulator accumulator)
    {
        var usage = accumulator.Usage;
        if (usage.TotalInputTokens + usage.OutputTokens + usage.WebSearchRequests > 0)
        {
            _cost.Add(accumulator.Model.Length > 0 ? accumulator.Model : Model, usage);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
