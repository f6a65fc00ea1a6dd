using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Providers;

/// <summary>How keel is pointed at the fake server for each wire protocol: environment, settings and arguments.</summary>
internal static class ProviderWorld
{
    public const string AwsKeyId = "AKIDKEELTEST";
    public const string AwsSecret = "keel-test-secret/with+chars";
    public const string AwsToken = "session-token-123";

    public static string[] Protocols => ["anthropic", "bedrock", "vertex", "openai-chat", "openai-responses", "azure"];

    /// <summary>Environment for <paramref name="protocol"/>; writes the files it needs (settings, key files) into the workspace.</summary>
    public static Dictionary<string, string?> Setup(Scenario s, string protocol)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["AWS_ACCESS_KEY_ID"] = null,
            ["AWS_SECRET_ACCESS_KEY"] = null,
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_REGION"] = null,
            ["AWS_DEFAULT_REGION"] = null,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = null,
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = null,
            ["AWS_BEARER_TOKEN_BEDROCK"] = null,
            ["GOOGLE_APPLICATION_CREDENTIALS"] = null,
            ["OPENAI_API_KEY"] = null,
        };
        switch (protocol)
        {
            case "bedrock":
                env["CLAUDE_CODE_USE_BEDROCK"] = "1";
                env["AWS_REGION"] = "us-west-2";
                env["AWS_ACCESS_KEY_ID"] = AwsKeyId;
                env["AWS_SECRET_ACCESS_KEY"] = AwsSecret;
                env["AWS_SESSION_TOKEN"] = AwsToken;
                env["ANTHROPIC_BEDROCK_BASE_URL"] = s.Server.BaseUrl;
                env["ANTHROPIC_API_KEY"] = null;
                break;
            case "vertex":
                s.Server.OAuthAccessToken = "ya29.fake-token";
                env["CLAUDE_CODE_USE_VERTEX"] = "1";
                env["ANTHROPIC_VERTEX_PROJECT_ID"] = "keel-test-project";
                env["CLOUD_ML_REGION"] = "us-east5";
                env["ANTHROPIC_VERTEX_BASE_URL"] = s.Server.BaseUrl;
                env["GOOGLE_APPLICATION_CREDENTIALS"] = GoogleKeys.WriteServiceAccount(s, s.Server.BaseUrl + "/token");
                env["ANTHROPIC_API_KEY"] = null;
                break;
            case "openai-chat" or "openai-responses" or "azure":
                var type = protocol switch
                {
                    "openai-chat" => "openai",
                    "openai-responses" => "openai-responses",
                    _ => "azure",
                };
                var baseUrl = protocol == "azure" ? s.Server.BaseUrl : s.Server.BaseUrl + "/v1";
                WriteUserSettings(s, $$$"""
                    { "providers": { "team": { "type": "{{{type}}}", "baseUrl": "{{{baseUrl}}}", "apiKeyEnv": "TEAM_KEY", "apiVersion": "2024-10-21",
                      "headers": { "X-Team": "keel"} , "models": { "coder": "team-coder-large"} ,
                      "prices": { "input": 1.5, "output": 6, "cacheRead": 0.15} , "contextWindow": 64000} } ,
                     "provider": "team"} 
                    """);
                env["TEAM_KEY"] = "sk-team-test";
                env["ANTHROPIC_API_KEY"] = null;
                break;
        }

        return env;
    }

    public static void WriteUserSettings(Scenario s, string json)
    {
        Directory.CreateDirectory(s.Workspace.ConfigDir);
        File.WriteAllText(Path.Combine(s.Workspace.ConfigDir, "settings.json"), json);
    }
}
