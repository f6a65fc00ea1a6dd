using System.Net;
using Keel.Providers.Vertex;

namespace Keel.Tests.Providers;

public sealed class GoogleCredentialsTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("keel-gcp-").FullName;

    private sealed class TokenEndpoint(string token) : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, string Body)> Calls { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls.Add((request, request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent($$"""{"access_token":"{{token}}","expires_in":3600}""") };
        }
    }

    [Fact]
    public async Task Gcloud_user_credentials_are_refreshed_with_the_refresh_token_and_cached()
    {
        var dir = Path.Combine(_home, ".config", "gcloud");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "application_default_credentials.json"), """{"type":"authorized_user","client_id":"cid","client_secret":"csecret","refresh_token":"rt-1","quota_project_id":"billing-proj"}""");
        var endpoint = new TokenEndpoint("ya29.user");
        var credentials = new GoogleCredentials(static _ => null, _home, new HttpClient(endpoint), TimeProvider.System);

        var first = await credentials.GetAsync(CancellationToken.None);
        var second = await credentials.GetAsync(CancellationToken.None);

        first.Token.ShouldBe("ya29.user");
        second.ShouldBeSameAs(first);
        var call = endpoint.Calls.ShouldHaveSingleItem();
        call.Request.RequestUri!.ToString().ShouldBe(GoogleCredentials.DefaultTokenUri);
        call.Body.ShouldContain("grant_type=refresh_token");
        call.Body.ShouldContain("refresh_token=rt-1");
        credentials.QuotaProject.ShouldBe("billing-proj");
    }

    [Fact]
    public async Task Without_a_file_the_metadata_server_is_asked()
    {
        var endpoint = new TokenEndpoint("ya29.vm");
        var credentials = new GoogleCredentials(name => name == "GCE_METADATA_HOST" ? "metadata.test" : null, _home, new HttpClient(endpoint), TimeProvider.System);

        (await credentials.GetAsync(CancellationToken.None)).Token.ShouldBe("ya29.vm");

        var request = endpoint.Calls.Single().Request;
        request.RequestUri!.ToString().ShouldBe("http://metadata.test/computeMetadata/v1/instance/service-accounts/default/token");
        request.Headers.GetValues("Metadata-Flavor").Single().ShouldBe("Google");
    }

    [Fact]
    public void The_global_region_has_no_regional_host()
    {
        new VertexOptions("p", "global").EndpointFor("claude-sonnet-5-5").ToString()
            .ShouldBe("https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/anthropic/models/claude-sonnet-5-5:streamRawPredict");
        new VertexOptions("p", "europe-west1").EndpointFor("claude-opus-5-5").Host.ShouldBe("europe-west1-aiplatform.googleapis.com");
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
