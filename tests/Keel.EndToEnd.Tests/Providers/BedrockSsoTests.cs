using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Providers;

/// <summary>Bedrock through an AWS SSO profile whose cached login has expired: keel renews it at SSO OIDC (the fake server).</summary>
public sealed class BedrockSsoTests
{
    private static Dictionary<string, string?> SsoWorld(Scenario s, string refreshToken)
    {
        var env = ProviderWorld.Setup(s, "bedrock");
        env["AWS_ACCESS_KEY_ID"] = null;
        env["AWS_SECRET_ACCESS_KEY"] = null;
        env["AWS_SESSION_TOKEN"] = null;
        env["AWS_PROFILE"] = "dev";
        env["AWS_CONFIG_FILE"] = null;
        env["AWS_SHARED_CREDENTIALS_FILE"] = null;
        env["AWS_ENDPOINT_URL_SSO_OIDC"] = s.Server.BaseUrl;
        env["AWS_ENDPOINT_URL_SSO"] = s.Server.BaseUrl;
        s.Server.AwsSso = new FakeAwsSso
        {
            ClientId = "client-e2e",
            ClientSecret = "secret-e2e",
            RefreshToken = "refresh-e2e",
            RoleCredentials = ("ASIASSOROLE", "sso-role-secret", "sso-role-session"),
        };
        var aws = Directory.CreateDirectory(Path.Combine(s.Workspace.Home, ".aws", "sso", "cache")).Parent!.Parent!.FullName;
        File.WriteAllText(Path.Combine(aws, "config"), "[profile dev]\nsso_session = team\nsso_account_id = 123456789012\nsso_role_name = Builder\nregion = us-west-2\n\n[sso-session team]\nsso_region = us-east-1\nsso_start_url = https://team.awsapps.com/start\n");
        var expired = DateTimeOffset.UtcNow.AddHours(-3).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(CacheFile(s), $$"""{"startUrl":"https://team.awsapps.com/start","region":"us-east-1","accessToken":"expired-access","expiresAt":"{{expired}}","clientId":"client-e2e","clientSecret":"secret-e2e","refreshToken":"{{refreshToken}}"}""");
        return env;
    }

    private static string CacheFile(Scenario s)
    {
#pragma warning disable CA5350 // the AWS CLI's cache file naming
        var name = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes("team"))) + ".json";
#pragma warning restore CA5350
        return Path.Combine(s.Workspace.Home, ".aws", "sso", "cache", name);
    }

    [Fact]
    public async Task An_expired_sso_login_is_refreshed_and_the_request_is_signed_with_the_role_credentials()
    {
        await using var s = await Scenario.StartAsync();
        var env = SsoWorld(s, "refresh-e2e");
        s.Script(Turn.Text("Signed through SSO."));

        var result = await s.RunAsync(["-p", "hi"], env);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Signed through SSO.");
        s.Server.AwsSso!.TokenCalls.ShouldBe(1);
        var call = s.Server.MessageRequests.Single();
        call.Header("x-amz-security-token").ShouldBe("sso-role-session");
        call.Header("authorization")!.ShouldContain("Credential=ASIASSOROLE/");
        var cache = JsonNode.Parse(File.ReadAllText(CacheFile(s)))!;
        cache["accessToken"]!.GetValue<string>().ShouldBe("sso-access-renewed");
        cache["refreshToken"]!.GetValue<string>().ShouldBe("sso-refresh-rotated");
    }

    [Fact]
    public async Task A_revoked_refresh_token_fails_with_the_login_command_and_no_model_call()
    {
        await using var s = await Scenario.StartAsync();
        var env = SsoWorld(s, "revoked-refresh");

        var result = await s.RunAsync(["-p", "hi"], env);

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldContain("could not be refreshed", Case.Sensitive, result.ToString());
        result.Stderr.ShouldContain("aws sso login --profile dev");
        s.Server.MessageRequests.ShouldBeEmpty();
    }
}
