using Keel.Anthropic;
using Keel.Cli.Arguments;
using Keel.Core.Cost;
using Keel.Core.Model;
using Keel.Core.Settings;
using Keel.Providers.Routing;

namespace Keel.Cli.Composition;

/// <summary>
/// Chooses the providers of a session: the default one (<c>--provider</c>, the <c>provider</c> setting,
/// CLAUDE_CODE_USE_BEDROCK / CLAUDE_CODE_USE_VERTEX, else Anthropic), the main model and the fallback chain
/// as provider-qualified ids, the capabilities table rows for them, and one <see cref="ProviderRouter"/>.
/// A local server (Ollama, LM Studio, ...) is contacted only when the user asked for that provider.
/// </summary>
internal sealed record ProviderSetup(ProviderRouter Router, string Model, IReadOnlyList<string> FallbackModels, IReadOnlyList<string> Notices)
{
    public static (ProviderSetup? Setup, string? Error) Create(CliOptions options, string? requestedModel, KeelEnvironment env, LoadedSettings settings, AnthropicOptions anthropic, ThinkingConfig? thinking, ICollection<string> warnings)
    {
        var providerSettings = ProviderSettings.Read(settings, warnings);
        var definitions = new Dictionary<string, ProviderDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var builtIn in BuiltInProviders.All)
        {
            definitions[builtIn.Name] = builtIn;
        }

        foreach (var configured in providerSettings.Providers)
        {
            definitions[configured.Name] = configured;
        }

        var defaultName = options.Provider ?? providerSettings.DefaultProvider ?? FromEnvironment(env.GetEnv) ?? "anthropic";
        if (!definitions.TryGetValue(defaultName, out var provider))
        {
            return (null, $"Unknown provider \"{defaultName}\". Known: {string.Join(", ", definitions.Keys.Order(StringComparer.Ordinal))}. Define others under \"providers\" in ~/.keel/settings.json.");
        }

        var context = new ProviderContext(env.GetEnv, env.GetEnv("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), env.WorkingDirectory, env.Time, anthropic, providerSettings);
        var requested = string.IsNullOrWhiteSpace(requestedModel) ? null : requestedModel.Trim();
        if (requested is null && !provider.SpeaksAnthropic)
        {
            requested = provider.DefaultModel;
            if (requested is null && provider.IsLocal)
            {
                var (found, problem) = LocalServers.FirstModel(provider, context);
                if (found is null)
                {
                    return (null, problem);
                }

                requested = found;
            }

            if (requested is null)
            {
                return (null, $"Provider {provider.Name} has no default model: pass --model, or list \"models\" for it in settings.");
            }
        }

        var model = Qualify(requested ?? ModelCatalog.DefaultAlias, provider, definitions);
        var fallbacks = new List<string>();
        foreach (var name in FallbackNames(options, settings, providerSettings))
        {
            var qualified = Qualify(name, provider, definitions);
            if (!fallbacks.Contains(qualified, StringComparer.Ordinal) && qualified != model)
            {
                fallbacks.Add(qualified);
            }
        }

        foreach (var used in new[] { model }.Concat(fallbacks))
        {
            var owner = OwnerOf(used, provider, definitions);
            if (ProviderClients.Problem(owner, context) is { } problem)
            {
                return (null, problem);
            }
        }

        CapabilityTable.Register(definitions.Values, providerSettings, [model, .. fallbacks], provider);
        var notices = CapabilityTable.Notices([model, .. fallbacks], thinking);
        var router = new ProviderRouter(provider.Name, definitions.Values.Select(d => (d, (Func<IModelClient>)(() => ProviderClients.Create(d, context)))))
        {
            DefaultModel = provider.SpeaksAnthropic ? null : model,
        };
        return (new ProviderSetup(router, model, fallbacks, notices), null);
    }

    private static string? FromEnvironment(Func<string, string?> getEnv)
    {
        static bool On(string? value) => value is "1" or "true" or "TRUE" or "yes";
        if (On(getEnv("KEEL_USE_BEDROCK")) || On(getEnv("CLAUDE_CODE_USE_BEDROCK")))
        {
            return "bedrock";
        }

        return On(getEnv("KEEL_USE_VERTEX")) || On(getEnv("CLAUDE_CODE_USE_VERTEX")) ? "vertex" : null;
    }

    /// <summary>--fallback-model first, then <c>fallbackModels</c>, then the older single <c>fallbackModel</c> setting.</summary>
    private static IEnumerable<string> FallbackNames(CliOptions options, LoadedSettings settings, ProviderSettings providerSettings)
    {
        if (options.FallbackModel is { Length: > 0 } flag)
        {
            yield return flag;
        }

        foreach (var name in providerSettings.FallbackModels)
        {
            yield return name;
        }

        if (settings.Effective.FallbackModel is { Length: > 0 } single)
        {
            yield return single;
        }
    }

    /// <summary>
    /// <c>name/model</c> stays (with the provider's alias resolved); a bare name belongs to the default provider:
    /// Claude aliases resolve for Anthropic-compatible providers, others get the provider's prefix.
    /// </summary>
    private static string Qualify(string name, ProviderDefinition defaultProvider, Dictionary<string, ProviderDefinition> definitions)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && definitions.TryGetValue(name[..slash], out var named))
        {
            var id = named.ResolveModel(name[(slash + 1)..]);
            return named.Name + "/" + (named.SpeaksAnthropic ? ModelCatalog.Resolve(id) : id);
        }

        return defaultProvider.SpeaksAnthropic
            ? ModelCatalog.Resolve(defaultProvider.ResolveModel(name))
            : defaultProvider.Name + "/" + defaultProvider.ResolveModel(name);
    }

    private static ProviderDefinition OwnerOf(string model, ProviderDefinition defaultProvider, Dictionary<string, ProviderDefinition> definitions)
    {
        var slash = model.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && definitions.TryGetValue(model[..slash], out var named) ? named : defaultProvider;
    }
}
