using Keel.Anthropic;
using Keel.Core.Settings;

namespace Keel.Cli.Subcommands;

/// <summary>
/// Where Keel's model credentials come from, as <c>keel auth status</c> and <c>keel doctor</c> report it. Keel has no
/// login of its own: a key or token in the environment (settings <c>env</c> included), an <c>apiKeyHelper</c>, or a
/// cloud provider's credentials.
/// </summary>
/// <param name="ApiProvider">firstParty, bedrock or vertex.</param>
/// <param name="ApiKeySource">ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, apiKeyHelper, the cloud credential, or none.</param>
internal sealed record AuthState(bool LoggedIn, string ApiProvider, string ApiKeySource, string BaseUrl)
{
    public static AuthState Read(Func<string, string?> getEnv, LoadedSettings settings)
    {
        var variables = settings.Effective.EnvFor(projectTrusted: true);
        string? Env(string name) => variables.TryGetValue(name, out var value) ? value : getEnv(name);
        static bool On(string? value) => value is "1" or "true" or "TRUE" or "yes";
        static bool Set(string? value) => !string.IsNullOrEmpty(value);

        if (On(Env("KEEL_USE_BEDROCK")) || On(Env("CLAUDE_CODE_USE_BEDROCK")))
        {
            var source = Set(Env("AWS_BEARER_TOKEN_BEDROCK")) ? "AWS_BEARER_TOKEN_BEDROCK"
                : Set(Env("AWS_ACCESS_KEY_ID")) ? "AWS_ACCESS_KEY_ID"
                : Set(Env("AWS_PROFILE")) ? "AWS_PROFILE"
                : "none";
            return new AuthState(source != "none", "bedrock", source, Env("ANTHROPIC_BEDROCK_BASE_URL") ?? "Amazon Bedrock");
        }

        if (On(Env("KEEL_USE_VERTEX")) || On(Env("CLAUDE_CODE_USE_VERTEX")))
        {
            var source = Set(Env("GOOGLE_APPLICATION_CREDENTIALS")) ? "GOOGLE_APPLICATION_CREDENTIALS" : "none";
            return new AuthState(source != "none", "vertex", source, Env("ANTHROPIC_VERTEX_BASE_URL") ?? "Google Vertex AI");
        }

        var anthropic = AnthropicOptions.FromEnvironment(Env);
        var key = settings.Effective.ApiKeyHelper is not null ? "apiKeyHelper"
            : anthropic.AuthToken is not null ? "ANTHROPIC_AUTH_TOKEN"
            : anthropic.ApiKey is not null ? "ANTHROPIC_API_KEY"
            : "none";
        return new AuthState(key != "none", "firstParty", key, anthropic.BaseUrl);
    }

    /// <summary>What to do when nothing is configured.</summary>
    public string Fix => ApiProvider switch
    {
        "bedrock" => "set AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID or AWS_BEARER_TOKEN_BEDROCK)",
        "vertex" => "set GOOGLE_APPLICATION_CREDENTIALS to a service account key file",
        _ => "export ANTHROPIC_API_KEY=<key> (or ANTHROPIC_AUTH_TOKEN), or set \"apiKeyHelper\" in ~/.keel/settings.json",
    };
}
