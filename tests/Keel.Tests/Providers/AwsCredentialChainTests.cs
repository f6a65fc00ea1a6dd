using System.Net;
using System.Security.Cryptography;
using System.Text;
using Keel.Providers.Bedrock;

namespace Keel.Tests.Providers;

public sealed class AwsCredentialChainTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("keel-aws-").FullName;

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage?> answer) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(answer(request) ?? throw new HttpRequestException("connection refused"));
        }
    }

    private AwsCredentialChain Chain(Dictionary<string, string> env, StubHandler? handler = null) =>
        new(new AwsEnvironment(name => env.TryGetValue(name, out var v) ? v : null, _home), new HttpClient(handler ?? new StubHandler(static _ => null)), TimeProvider.System)
        {
            WorkingDirectory = _home,
        };

    private void WriteHome(string relative, string text)
    {
        var path = Path.Combine(_home, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public async Task Environment_variables_come_first()
    {
        WriteHome(".aws/credentials", "[default]\naws_access_key_id = FROMFILE\naws_secret_access_key = s\n");

        var creds = await Chain(new() { ["AWS_ACCESS_KEY_ID"] = "FROMENV", ["AWS_SECRET_ACCESS_KEY"] = "x", ["AWS_SESSION_TOKEN"] = "t" }).GetAsync(CancellationToken.None);

        creds.AccessKeyId.ShouldBe("FROMENV");
        creds.SessionToken.ShouldBe("t");
    }

    [Fact]
    public async Task The_named_profile_is_read_from_the_shared_files()
    {
        WriteHome(".aws/credentials", "[default]\naws_access_key_id = DEFAULTKEY\naws_secret_access_key = s\n\n[work]\naws_access_key_id = WORKKEY\naws_secret_access_key = w\n");
        WriteHome(".aws/config", "[profile work]\nregion = eu-central-1\n");
        var env = new Dictionary<string, string> { ["AWS_PROFILE"] = "work" };

        var creds = await Chain(env).GetAsync(CancellationToken.None);

        creds.AccessKeyId.ShouldBe("WORKKEY");
        new AwsEnvironment(name => env.TryGetValue(name, out var v) ? v : null, _home).Region.ShouldBe("eu-central-1");
    }

    [Fact]
    public async Task An_sso_login_is_traded_for_role_credentials()
    {
        WriteHome(".aws/config", "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Developer\nregion = us-east-1\n\n[sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://corp.awsapps.com/start\n");
#pragma warning disable CA5350 // the AWS CLI's cache file naming
        var cacheName = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes("corp"))) + ".json";
#pragma warning restore CA5350
        WriteHome(".aws/sso/cache/" + cacheName, $$"""{"accessToken":"sso-token","expiresAt":"{{DateTimeOffset.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}}","region":"us-east-1"}""");
        var handler = new StubHandler(request => request.RequestUri!.AbsolutePath == "/federation/credentials"
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"roleCredentials":{"accessKeyId":"SSOKEY","secretAccessKey":"sso-secret","sessionToken":"sso-session","expiration":4102444800000}}""") }
            : null);

        var creds = await Chain(new() { ["AWS_PROFILE"] = "dev", ["KEEL_AWS_SSO_PORTAL_URL"] = "http://portal.test" }, handler).GetAsync(CancellationToken.None);

        creds.AccessKeyId.ShouldBe("SSOKEY");
        creds.SessionToken.ShouldBe("sso-session");
        var call = handler.Requests.Single();
        call.RequestUri!.Query.ShouldBe("?account_id=111122223333&role_name=Developer");
        call.Headers.GetValues("x-amz-sso_bearer_token").Single().ShouldBe("sso-token");
    }

    [Fact]
    public async Task Container_credentials_use_the_relative_uri_and_authorization_token()
    {
        var handler = new StubHandler(request => request.RequestUri!.ToString() == "http://169.254.170.2/v2/credentials/abc"
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"AccessKeyId":"ECSKEY","SecretAccessKey":"e","Token":"ecs-token","Expiration":"2099-01-01T00:00:00Z"}""") }
            : null);

        var creds = await Chain(new() { ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/abc", ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "auth-1", ["AWS_EC2_METADATA_DISABLED"] = "true" }, handler).GetAsync(CancellationToken.None);

        creds.AccessKeyId.ShouldBe("ECSKEY");
        creds.SessionToken.ShouldBe("ecs-token");
        handler.Requests.Single().Headers.Authorization!.ToString().ShouldBe("auth-1");
    }

    [Fact]
    public async Task Instance_metadata_uses_an_imdsv2_session_token()
    {
        var handler = new StubHandler(request => request.RequestUri!.AbsolutePath switch
        {
            "/latest/api/token" when request.Method == HttpMethod.Put => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("imds-token") },
            "/latest/meta-data/iam/security-credentials/" => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("build-role\n") },
            "/latest/meta-data/iam/security-credentials/build-role" => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"AccessKeyId":"EC2KEY","SecretAccessKey":"s","Token":"ec2-token","Expiration":"2099-01-01T00:00:00Z"}""") },
            _ => null,
        });

        var creds = await Chain(new() { ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://imds.test" }, handler).GetAsync(CancellationToken.None);

        creds.AccessKeyId.ShouldBe("EC2KEY");
        handler.Requests.Skip(1).ShouldAllBe(r => r.Headers.GetValues("X-aws-ec2-metadata-token").Single() == "imds-token");
    }

    [Fact]
    public async Task Nothing_found_runs_aws_auth_refresh_once_then_reads_again()
    {
        var marker = Path.Combine(_home, "refreshed");
        var withRefresh = new AwsCredentialChain(new AwsEnvironment(static name => name == "AWS_EC2_METADATA_DISABLED" ? "true" : null, _home), new HttpClient(new StubHandler(static _ => null)), TimeProvider.System)
        {
            WorkingDirectory = _home,
            AuthRefresh = $"mkdir -p {_home}/.aws && printf '[default]\\naws_access_key_id = REFRESHED\\naws_secret_access_key = r\\n' > {_home}/.aws/credentials && touch {marker}",
        };

        var creds = await withRefresh.GetAsync(CancellationToken.None);

        creds.AccessKeyId.ShouldBe("REFRESHED");
        File.Exists(marker).ShouldBeTrue();
    }

    [Fact]
    public async Task Aws_credential_export_output_is_used_as_the_credentials()
    {
        var chain = new AwsCredentialChain(new AwsEnvironment(static _ => null, _home), new HttpClient(new StubHandler(static _ => null)), TimeProvider.System)
        {
            WorkingDirectory = _home,
            CredentialExport = """echo '{"Credentials":{"AccessKeyId":"EXPORTED","SecretAccessKey":"x","SessionToken":"y","Expiration":"2099-01-01T00:00:00Z"}}'""",
        };

        var creds = await chain.GetAsync(CancellationToken.None);

        creds.AccessKeyId.ShouldBe("EXPORTED");
        creds.Expiration.ShouldNotBeNull();
    }

    [Fact]
    public async Task Without_any_source_the_error_lists_what_was_tried()
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() => Chain(new() { ["AWS_EC2_METADATA_DISABLED"] = "true" }).GetAsync(CancellationToken.None));

        error.Message.ShouldContain("AWS_ACCESS_KEY_ID");
        error.Message.ShouldContain("profile default");
        error.Message.ShouldContain("AWS_EC2_METADATA_DISABLED");
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
