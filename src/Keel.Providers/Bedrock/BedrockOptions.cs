namespace Keel.Providers.Bedrock;

/// <summary>How to reach Bedrock: region, endpoint override, and the authentication shortcuts gateways use.</summary>
public sealed record BedrockOptions(string Region)
{
    /// <summary><c>ANTHROPIC_BEDROCK_BASE_URL</c>: a gateway or VPC endpoint instead of bedrock-runtime.{region}.amazonaws.com.</summary>
    public string? BaseUrl { get; init; }

    /// <summary><c>AWS_BEARER_TOKEN_BEDROCK</c>: a Bedrock API key, sent as a bearer token instead of signing.</summary>
    public string? BearerToken { get; init; }

    /// <summary><c>CLAUDE_CODE_SKIP_BEDROCK_AUTH</c>: a gateway adds the credentials; send the request unsigned.</summary>
    public bool SkipAuth { get; init; }

    public Uri Endpoint => new((BaseUrl ?? $"https://bedrock-runtime.{Region}.amazonaws.com").TrimEnd('/') + "/", UriKind.Absolute);
}
