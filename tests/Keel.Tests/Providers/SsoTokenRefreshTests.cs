using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Keel.Providers.Bedrock;
using Keel.Testing.FakeServer;

namespace Keel.Tests.Providers;

/// <summary>An expired <c>aws sso login</c> token is renewed at SSO OIDC (a loopback fake) and written back to the cache.</summary>
public sealed class SsoTokenRefreshTests : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("keel-sso-").FullName;
    private FakeAnthropicServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeAnthropicServer.StartAsync();
        _server.AwsSso = new FakeAwsSso
        {
            ClientId = "client-1",
            ClientSecret = "client-secret-1",
            RefreshToken = "refresh-1",
            RoleCredentials = ("SSOROLEKEY", "role-secret", "role-session"),
        };
        var config = Path.Combine(_home, ".aws", "config");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        await File.WriteAllTextAsync(config, "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Developer\n\n[sso-session corp]\nsso_region = eu-west-1\nsso_start_url = https://corp.awsapps.com/start\n");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    private string CacheFile
    {
        get
        {
#pragma warning disable CA5350 // the AWS CLI's cache file naming
            var name = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes("corp"))) + ".json";
#pragma warning restore CA5350
            return Path.Combine(_home, ".aws", "sso", "cache", name);
        }
    }

    private void WriteCache(string json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CacheFile)!);
        File.WriteAllText(CacheFile, json);
    }

    private static string Stamp(TimeSpan fromNow) => (DateTimeOffset.UtcNow + fromNow).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private AwsCredentialChain Chain() =>
        new(new AwsEnvironment(
            name => name switch
            {
                "AWS_PROFILE" => "dev",
                "AWS_EC2_METADATA_DISABLED" => "true",
                "AWS_ENDPOINT_URL_SSO_OIDC" => _server.BaseUrl,
                "AWS_ENDPOINT_URL_SSO" => _server.BaseUrl,
                _ => null,
            },
            _home), new HttpClient(), TimeProvider.System)
        {
            WorkingDirectory = _home,
        };

    [Fact]
    public async Task An_expired_token_is_refreshed_written_back_and_traded_for_role_credentials()
    {
        WriteCache($$"""{"startUrl":"https://corp.awsapps.com/start","region":"eu-west-1","accessToken":"old-access","expiresAt":"{{Stamp(TimeSpan.FromHours(-2))}}","clientId":"client-1","clientSecret":"client-secret-1","registrationExpiresAt":"{{Stamp(TimeSpan.FromDays(60))}}","refreshToken":"refresh-1"}""");

        var creds = await Chain().GetAsync(CancellationToken.None);

        creds.AccessKeyId.ShouldBe("SSOROLEKEY");
        creds.SessionToken.ShouldBe("role-session");
        var refresh = _server.Requests.Single(r => r.Path == "/token");
        refresh.Json!["grantType"]!.GetValue<string>().ShouldBe("refresh_token");
        refresh.Json!["refreshToken"]!.GetValue<string>().ShouldBe("refresh-1");
        _server.Requests.Single(r => r.Path == "/federation/credentials").Header("x-amz-sso_bearer_token").ShouldBe("sso-access-renewed");
        var cache = JsonNode.Parse(await File.ReadAllTextAsync(CacheFile))!;
        cache["accessToken"]!.GetValue<string>().ShouldBe("sso-access-renewed");
        cache["refreshToken"]!.GetValue<string>().ShouldBe("sso-refresh-rotated");
        cache["clientId"]!.GetValue<string>().ShouldBe("client-1");
        cache["startUrl"]!.GetValue<string>().ShouldBe("https://corp.awsapps.com/start");
        DateTimeOffset.Parse(cache["expiresAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddHours(7));
    }

    [Fact]
    public async Task A_valid_token_is_used_without_refreshing()
    {
        WriteCache($$"""{"accessToken":"sso-access-renewed","expiresAt":"{{Stamp(TimeSpan.FromHours(4))}}","clientId":"client-1","clientSecret":"client-secret-1","refreshToken":"refresh-1"}""");
        var before = await File.ReadAllTextAsync(CacheFile);

        var creds = await Chain().GetAsync(CancellationToken.None);

        creds.AccessKeyId.ShouldBe("SSOROLEKEY");
        _server.AwsSso!.TokenCalls.ShouldBe(0);
        (await File.ReadAllTextAsync(CacheFile)).ShouldBe(before);
    }

    [Fact]
    public async Task A_refused_refresh_says_to_log_in_again_and_leaves_the_cache_alone()
    {
        WriteCache($$"""{"accessToken":"old-access","expiresAt":"{{Stamp(TimeSpan.FromHours(-1))}}","clientId":"client-1","clientSecret":"client-secret-1","refreshToken":"revoked"}""");
        var before = await File.ReadAllTextAsync(CacheFile);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => Chain().GetAsync(CancellationToken.None));

        error.Message.ShouldContain("could not be refreshed");
        error.Message.ShouldContain("invalid_grant");
        error.Message.ShouldContain("`aws sso login --profile dev`");
        _server.Requests.ShouldNotContain(r => r.Path == "/federation/credentials");
        (await File.ReadAllTextAsync(CacheFile)).ShouldBe(before);
    }

    [Fact]
    public async Task An_expired_token_without_a_refresh_token_asks_for_a_login_without_calling_oidc()
    {
        WriteCache($$"""{"accessToken":"old-access","expiresAt":"{{Stamp(TimeSpan.FromMinutes(-5))}}","region":"eu-west-1"}""");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => Chain().GetAsync(CancellationToken.None));

        error.Message.ShouldContain("the SSO login has expired; run `aws sso login --profile dev`");
        _server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_token_near_its_end_is_still_used_when_the_refresh_fails()
    {
        WriteCache($$"""{"accessToken":"sso-access-renewed","expiresAt":"{{Stamp(TimeSpan.FromMinutes(5))}}","clientId":"client-1","clientSecret":"wrong-secret","refreshToken":"refresh-1"}""");

        var creds = await Chain().GetAsync(CancellationToken.None);

        creds.AccessKeyId.ShouldBe("SSOROLEKEY");
        _server.AwsSso!.TokenCalls.ShouldBe(1);
    }
}
