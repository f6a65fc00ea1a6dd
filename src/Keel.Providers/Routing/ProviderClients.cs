using Keel.Anthropic;
using Keel.Anthropic.Http;
using Keel.Core.Cost;
using Keel.Core.Model;
using Keel.Providers.Bedrock;
using Keel.Providers.OpenAI;
using Keel.Providers.Vertex;

namespace Keel.Providers.Routing;

/// <summary>Builds the model client of one provider. No I/O: connections open on the first request.</summary>
public static class ProviderClients
{
    public static IModelClient Create(ProviderDefinition provider, ProviderContext context) => provider.Type switch
    {
        ProviderType.Anthropic => Anthropic(provider, context),
        ProviderType.Bedrock => Bedrock(provider, context),
        ProviderType.Vertex => Vertex(provider, context),
        _ => OpenAICompatible(provider, context),
    };

    /// <summary>A message for the user when the provider cannot work as configured (missing project id, key...), else null.</summary>
    public static string? Problem(ProviderDefinition provider, ProviderContext context)
    {
        switch (provider.Type)
        {
            case ProviderType.Vertex when context.Env("ANTHROPIC_VERTEX_PROJECT_ID") is null && context.Env("GOOGLE_CLOUD_PROJECT") is null:
                return "Vertex AI needs a project: set ANTHROPIC_VERTEX_PROJECT_ID (and CLOUD_ML_REGION, e.g. us-east5 or global).";
            case ProviderType.OpenAIChat or ProviderType.OpenAIResponses or ProviderType.Azure
                when !provider.IsLocal && provider.ApiKeyEnv is { } env && context.Env(env) is null && !provider.Headers.Keys.Any(static h => h.Equals("authorization", StringComparison.OrdinalIgnoreCase)):
                return $"Provider {provider.Name} needs an API key: set {env}.";
            default:
                return null;
        }
    }

    private static AnthropicClient Anthropic(ProviderDefinition provider, ProviderContext context)
    {
        if (provider.Name == "anthropic" && provider.BaseUrl is null && provider.Headers.Count == 0)
        {
            return new AnthropicClient(context.Anthropic, context.Time);
        }

        var key = provider.ApiKeyEnv is { } env ? context.Env(env) : null;
        var options = context.Anthropic with
        {
            BaseUrl = provider.BaseUrl?.TrimEnd('/') ?? context.Anthropic.BaseUrl,
            ApiKey = key ?? context.Anthropic.ApiKey,
            AuthToken = key is null ? context.Anthropic.AuthToken : null,
            Headers = provider.Headers,
        };
        return new AnthropicClient(options, context.Time);
    }

    private static AnthropicClient Bedrock(ProviderDefinition provider, ProviderContext context)
    {
        var aws = new AwsEnvironment(context.GetEnv, context.Home);
        var options = new BedrockOptions(aws.Region)
        {
            BaseUrl = context.Env("ANTHROPIC_BEDROCK_BASE_URL") ?? provider.BaseUrl,
            BearerToken = context.Env("AWS_BEARER_TOKEN_BEDROCK"),
            SkipAuth = context.Flag("CLAUDE_CODE_SKIP_BEDROCK_AUTH"),
        };
        var chain = new AwsCredentialChain(aws, AnthropicHttp.CreateHttpClient(context.Anthropic), context.Time)
        {
            CredentialExport = context.Settings.AwsCredentialExport,
            AuthRefresh = context.Settings.AwsAuthRefresh,
            WorkingDirectory = context.WorkingDirectory,
        };
        return new AnthropicClient(context.Anthropic, new BedrockProtocol(options, chain, context.Time, context.Anthropic.UserAgent), context.Time);
    }

    private static AnthropicClient Vertex(ProviderDefinition provider, ProviderContext context)
    {
        var options = new VertexOptions(
            context.Env("ANTHROPIC_VERTEX_PROJECT_ID") ?? context.Env("GOOGLE_CLOUD_PROJECT") ?? string.Empty,
            context.Env("CLOUD_ML_REGION") ?? "us-east5")
        {
            BaseUrl = context.Env("ANTHROPIC_VERTEX_BASE_URL") ?? provider.BaseUrl,
            SkipAuth = context.Flag("CLAUDE_CODE_SKIP_VERTEX_AUTH"),
        };
        var credentials = new GoogleCredentials(context.GetEnv, context.Home, AnthropicHttp.CreateHttpClient(context.Anthropic), context.Time);
        return new AnthropicClient(context.Anthropic, new VertexProtocol(options, credentials, context.Anthropic.UserAgent), context.Time);
    }

    private static AnthropicClient OpenAICompatible(ProviderDefinition provider, ProviderContext context)
    {
        var baseUrl = provider.BaseUrl!;
        if (provider.Name.Equals("ollama", StringComparison.OrdinalIgnoreCase) && context.Env("OLLAMA_HOST") is { } host)
        {
            baseUrl = (host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host).TrimEnd('/') + "/v1";
        }

        var options = new OpenAIOptions(provider.Name, baseUrl)
        {
            Api = provider.Type == ProviderType.OpenAIResponses ? OpenAIApi.Responses : OpenAIApi.ChatCompletions,
            ApiKey = provider.ApiKeyEnv is { } env ? context.Env(env) : null,
            ApiKeyEnv = provider.ApiKeyEnv,
            Headers = provider.Headers,
            AzureApiVersion = provider.Type == ProviderType.Azure ? provider.ApiVersion ?? "2024-10-21" : null,
            UseMaxCompletionTokens = provider.Type == ProviderType.Azure || baseUrl.Contains("api.openai.com", StringComparison.OrdinalIgnoreCase),
            UserAgent = context.Anthropic.UserAgent,
            // A server that does not know the parameter gets none: the model may then call several tools, which Keel handles.
            ParallelToolCalls = model => ModelCatalog.Get(provider.Name + "/" + model) is var info && (info.SupportsParallelTools || !info.AcceptsParallelToolCallsParameter),
        };
        return new AnthropicClient(context.Anthropic, new OpenAIProtocol(options), context.Time);
    }
}
