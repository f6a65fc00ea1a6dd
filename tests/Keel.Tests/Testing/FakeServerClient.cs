using System.Text;

namespace Keel.Tests.Testing;

/// <summary>Plain HttpClient calls against the fake server, as a model client would make them.</summary>
internal static class FakeServerClient
{
    public const string SimpleBody = """
        {"model":"claude-test-1","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"hi"}]}
        """;

    public static async Task<HttpResponseMessage> PostAsync(
        HttpClient http,
        string baseUrl,
        string body = SimpleBody,
        string path = "/v1/messages?beta=true",
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", "test-key");
        request.Headers.Add("anthropic-version", "2023-06-01");
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }
}
