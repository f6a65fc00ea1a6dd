using System.Globalization;
using System.Text.Json;
using Keel.Core.Settings;

namespace Keel.Providers.Routing;

/// <summary>
/// The provider keys of settings: <c>providers</c>, <c>provider</c>, <c>fallbackModels</c>,
/// <c>modelCapabilities</c>, <c>awsAuthRefresh</c>, <c>awsCredentialExport</c>. Provider definitions and AWS
/// commands are read only from settings the user controls (user, managed, --settings): a cloned
/// repository must not send the user's keys to its own server or run commands at startup.
/// </summary>
public sealed record ProviderSettings
{
    public IReadOnlyList<ProviderDefinition> Providers { get; init; } = [];

    /// <summary>The <c>provider</c> key: which provider unqualified model ids go to.</summary>
    public string? DefaultProvider { get; init; }

    public IReadOnlyList<string> FallbackModels { get; init; } = [];

    /// <summary>Per-model entries of the capabilities table, keyed by model id (<c>provider/model</c> for other providers).</summary>
    public IReadOnlyDictionary<string, ModelCapabilityEntry> ModelCapabilities { get; init; } = new Dictionary<string, ModelCapabilityEntry>(StringComparer.OrdinalIgnoreCase);

    public string? AwsAuthRefresh { get; init; }

    public string? AwsCredentialExport { get; init; }

    /// <summary>From the typed settings model: scalar keys from <see cref="EffectiveSettings"/>, provider definitions and capability rows per layer.</summary>
    public static ProviderSettings Read(LoadedSettings settings, ICollection<string> warnings)
    {
        var providers = new Dictionary<string, ProviderDefinition>(StringComparer.OrdinalIgnoreCase);
        var capabilities = new Dictionary<string, ModelCapabilityEntry>(StringComparer.OrdinalIgnoreCase);

        // Lowest precedence first so higher layers replace whole provider entries.
        foreach (var layer in settings.Layers.Reverse())
        {
            if (layer.File.Providers is { } defs)
            {
                if (!EffectiveSettings.IsUserControlled(layer))
                {
                    warnings.Add($"{layer.Path}: \"providers\" is only read from user settings (~/.keel/settings.json), managed settings or --settings; ignored here.");
                }
                else
                {
                    foreach (var def in defs.EnumerateObject())
                    {
                        if (ParseProvider(def.Name, def.Value, layer.Path, warnings) is { } provider)
                        {
                            providers[def.Name] = provider;
                        }
                    }
                }
            }

            if (layer.File.ModelCapabilities is { } caps)
            {
                foreach (var entry in caps.EnumerateObject())
                {
                    capabilities[entry.Name] = ModelCapabilityEntry.Parse(entry.Value);
                }
            }
        }

        var effective = settings.Effective;
        return new ProviderSettings
        {
            Providers = [.. providers.Values],
            DefaultProvider = effective.Provider,
            FallbackModels = effective.FallbackModels,
            ModelCapabilities = capabilities,
            AwsAuthRefresh = effective.AwsAuthRefresh,
            AwsCredentialExport = effective.AwsCredentialExport,
        };
    }

    private static ProviderDefinition? ParseProvider(string name, JsonElement value, string source, ICollection<string> warnings)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            warnings.Add($"{source}: providers.{name} must be an object.");
            return null;
        }

        if (name.Contains('/', StringComparison.Ordinal) || name.Length == 0)
        {
            warnings.Add($"{source}: provider name \"{name}\" may not contain '/'.");
            return null;
        }

        var typeName = (Str(value, "type") ?? "openai").ToLowerInvariant();
        var preset = BuiltInProviders.Find(typeName);
        var type = typeName switch
        {
            "anthropic" => ProviderType.Anthropic,
            "bedrock" => ProviderType.Bedrock,
            "vertex" => ProviderType.Vertex,
            "azure" or "azure-openai" => ProviderType.Azure,
            "openai-responses" or "responses" => ProviderType.OpenAIResponses,
            "openai" or "openai-chat" or "openai-compatible" or "openrouter" or "ollama" or "lmstudio" or "llamacpp" or "llama.cpp" or "vllm" or "litellm" => ProviderType.OpenAIChat,
            _ => (ProviderType?)null,
        };
        if (type is null)
        {
            warnings.Add($"{source}: providers.{name}.type \"{typeName}\" is not one of anthropic, bedrock, vertex, openai, openai-responses, azure, openrouter, ollama, lmstudio, llamacpp, vllm.");
            return null;
        }

        if (Str(value, "api") is "responses" && type == ProviderType.OpenAIChat)
        {
            type = ProviderType.OpenAIResponses;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (value.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in h.EnumerateObject())
            {
                if (header.Value.ValueKind == JsonValueKind.String)
                {
                    headers[header.Name] = Environment.ExpandEnvironmentVariables(header.Value.GetString()!);
                }
            }
        }

        var models = new List<KeyValuePair<string, string>>();
        if (value.TryGetProperty("models", out var m))
        {
            if (m.ValueKind == JsonValueKind.Object)
            {
                foreach (var model in m.EnumerateObject())
                {
                    if (model.Value.ValueKind == JsonValueKind.String)
                    {
                        models.Add(new(model.Name, model.Value.GetString()!));
                    }
                }
            }
            else if (m.ValueKind == JsonValueKind.Array)
            {
                foreach (var model in m.EnumerateArray())
                {
                    if (model.ValueKind == JsonValueKind.String)
                    {
                        models.Add(new(model.GetString()!, model.GetString()!));
                    }
                }
            }
        }

        var baseUrl = Str(value, "baseUrl") ?? preset?.BaseUrl;
        if (type is ProviderType.OpenAIChat or ProviderType.OpenAIResponses or ProviderType.Azure && baseUrl is null)
        {
            warnings.Add($"{source}: providers.{name} needs a baseUrl.");
            return null;
        }

        if (baseUrl is not null && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            warnings.Add($"{source}: providers.{name}.baseUrl \"{baseUrl}\" is not an http(s) URL.");
            return null;
        }

        return new ProviderDefinition(name, type.Value)
        {
            BaseUrl = baseUrl,
            ApiKeyEnv = Str(value, "apiKeyEnv") ?? preset?.ApiKeyEnv,
            Headers = headers,
            Models = models,
            ContextWindow = Int(value, "contextWindow"),
            MaxOutputTokens = Int(value, "maxOutputTokens"),
            Prices = value.TryGetProperty("prices", out var prices) ? ModelCapabilityEntry.ParsePrices(prices) : preset?.Prices,
            ApiVersion = Str(value, "apiVersion") ?? (type == ProviderType.Azure ? "2024-10-21" : null),
            IsLocal = preset?.IsLocal ?? false,
            Capabilities = value.TryGetProperty("capabilities", out var caps) ? ModelCapabilityEntry.Parse(caps).Switches : CapabilityOverrides.None,
        };
    }

    internal static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s.Trim() : null;

    internal static int? Int(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0 ? n : null;

    internal static decimal? Dec(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d >= 0 ? d : null;

    internal static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
