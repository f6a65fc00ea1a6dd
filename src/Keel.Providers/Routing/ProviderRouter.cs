using System.Runtime.CompilerServices;
using Keel.Core.Agent;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Recovery;

namespace Keel.Providers.Routing;

/// <summary>
/// The one <see cref="IModelClient"/> the session sees. A model id <c>name/model</c> goes to provider
/// <c>name</c>; any other id goes to the default provider. Below this seam each request is fitted to the
/// model's capabilities (thinking, images and tools the model lacks are left out: never a 400 loop), and
/// the model each answer reports is qualified with its provider so cost and usage add up per provider.
/// </summary>
public sealed class ProviderRouter : IModelClient, IModelCapabilities, IDisposable
{
    private readonly Dictionary<string, (ProviderDefinition Definition, Lazy<IModelClient> Client)> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _defaultName;

    public ProviderRouter(string defaultProvider, IEnumerable<(ProviderDefinition Definition, Func<IModelClient> Create)> providers)
    {
        _defaultName = defaultProvider;
        foreach (var (definition, create) in providers)
        {
            _providers[definition.Name] = (definition, new Lazy<IModelClient>(create));
        }

        if (!_providers.ContainsKey(defaultProvider))
        {
            throw new ArgumentException($"the default provider {defaultProvider} is not among the providers", nameof(providers));
        }
    }

    public ProviderDefinition DefaultProvider => _providers[_defaultName].Definition;

    /// <summary>For unqualified Claude ids (the small fast model, subagent aliases) when the default provider is not Anthropic-compatible.</summary>
    public string? DefaultModel { get; init; }

    public IEnumerable<ProviderDefinition> Providers => _providers.Values.Select(static p => p.Definition);

    /// <summary>The provider and its own model id for a Keel model id.</summary>
    public (ProviderDefinition Provider, string Model, bool Qualified) Resolve(string model)
    {
        var slash = model.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && _providers.TryGetValue(model[..slash], out var named))
        {
            return (named.Definition, named.Definition.ResolveModel(model[(slash + 1)..]), true);
        }

        var fallback = _providers[_defaultName].Definition;
        var resolved = fallback.ResolveModel(model);
        if (!fallback.SpeaksAnthropic && resolved.StartsWith("claude-", StringComparison.OrdinalIgnoreCase) && DefaultModel is { } main)
        {
            return Resolve(main);
        }

        return (fallback, resolved, false);
    }

    public string? TurnOff(string model, ModelFeature feature)
    {
        var key = TableKey(model);
        var info = ModelCatalog.Get(key);
        var changed = feature switch
        {
            ModelFeature.Tools when info.SupportsTools => info with { SupportsTools = false },
            ModelFeature.ParallelTools when info.SupportsParallelTools => info with { SupportsParallelTools = false },
            ModelFeature.Thinking when info.SupportsThinking => info with { SupportsThinking = false },
            ModelFeature.Images when info.SupportsImages => info with { SupportsImages = false },
            ModelFeature.AdaptiveThinking when info.SupportsAdaptiveThinking => info with { SupportsAdaptiveThinking = false, SupportsThinkingBudget = true },
            ModelFeature.ThinkingBudget when info.SupportsThinkingBudget => info with { SupportsThinkingBudget = false, SupportsAdaptiveThinking = true },
            ModelFeature.ParallelToolCallsParameter when info.AcceptsParallelToolCallsParameter => info with { AcceptsParallelToolCallsParameter = false },
            _ => null,
        };
        if (changed is null)
        {
            return null;
        }

        // Not Register: a model that was only refused something is not a configured model (it would become a row in /model).
        ModelCatalog.Adjust(changed with { Id = key });
        return key;
    }

    /// <summary>The model's row in the capabilities table: Claude ids of an Anthropic provider as they are, others as provider/model.</summary>
    private string TableKey(string model)
    {
        var (provider, resolved, qualified) = Resolve(model);
        return provider.Type == ProviderType.Anthropic && !qualified ? resolved : provider.Name + "/" + resolved;
    }

    public async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (provider, model, qualified) = Resolve(request.Model);
        var info = ModelCatalog.Get(TableKey(request.Model));
        var client = _providers[provider.Name].Client.Value;
        var fitted = Fit(request with { Model = model }, info);
        // Reported as the model that was asked for, under its provider: /cost, json results and the status bar group by it.
        var reportAs = provider.Type == ProviderType.Anthropic && !qualified ? null : provider.Name + "/" + model;
        await foreach (var streamEvent in client.StreamAsync(fitted, cancellationToken))
        {
            if (reportAs is not null && streamEvent is MessageStartEvent start)
            {
                yield return start with { Model = reportAs };
                continue;
            }

            yield return streamEvent;
        }
    }

    /// <summary>Leaves out what the model cannot take: thinking, images (described instead), tools, cache markers.</summary>
    public static ModelRequest Fit(ModelRequest request, ModelInfo info)
    {
        if (!info.SupportsThinking && request.Thinking is not null)
        {
            request = request with { Thinking = null, Messages = ThinkingBlocks.DropFromAssistantMessages(request.Messages) };
        }
        else if (request.Thinking is { IsAdaptive: true, Effort: { } effort } adaptive && !info.SupportsAdaptiveThinking && info.SupportsThinkingBudget)
        {
            // As for a model that never had adaptive thinking: the effort's budget, with room left for the answer.
            var budget = ThinkingBudgets.ForEffort(effort) ?? ThinkingBudgets.Medium;
            var maxTokens = budget >= request.MaxTokens ? Math.Min(info.MaxOutputTokens, budget + 4_096) : request.MaxTokens;
            budget = budget < maxTokens ? budget : Math.Max(ThinkingBudgets.MinimumBudget, maxTokens / 2);
            request = request with { Thinking = new ThinkingConfig(budget) { Display = adaptive.Display }, MaxTokens = maxTokens };
        }
        else if (request.Thinking is { BudgetTokens: { } budget } fixedBudget && !info.SupportsThinkingBudget && info.SupportsAdaptiveThinking)
        {
            request = request with { Thinking = ThinkingConfig.Adaptive(EffortFor(budget)) with { Display = fixedBudget.Display } };
        }

        if (!info.SupportsImages && request.Messages.Any(static m => m.Content.Any(static b => b is ImageBlock || (b is ToolResultBlock r && r.Content.Any(static c => c is ImageBlock)))))
        {
            request = request with { Messages = [.. request.Messages.Select(static m => m with { Content = [.. m.Content.Select(DescribeImages)] })] };
        }

        if (!info.SupportsTools && (request.Tools.Count > 0 || request.ServerTools.Count > 0))
        {
            request = request with { Tools = [], ServerTools = [] };
        }

        if (!info.SupportsPromptCaching && request.PromptCaching)
        {
            request = request with { PromptCaching = false };
        }

        if (request.MaxTokens > info.MaxOutputTokens)
        {
            request = request with { MaxTokens = info.MaxOutputTokens };
        }

        return request;
    }

    /// <summary>The effort level whose budget is nearest below <paramref name="budget"/>.</summary>
    private static string EffortFor(int budget) => budget switch
    {
        >= ThinkingBudgets.Max => "max",
        >= ThinkingBudgets.XHigh => "xhigh",
        >= ThinkingBudgets.High => "high",
        >= ThinkingBudgets.Medium => "medium",
        _ => "low",
    };

    public void Dispose()
    {
        foreach (var (_, client) in _providers.Values)
        {
            if (client.IsValueCreated && client.Value is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    private static ContentBlock DescribeImages(ContentBlock block) => block switch
    {
        ImageBlock image => new TextBlock($"[an image ({image.MediaType}) was left out: this model does not accept images]"),
        ToolResultBlock result when result.Content.Any(static c => c is ImageBlock) => result with { Content = [.. result.Content.Select(DescribeImages)] },
        _ => block,
    };
}
