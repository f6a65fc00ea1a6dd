using Keel.Anthropic;

namespace Keel.Cli.Interactive;

/// <summary>/doctor's API check: can the configured base URL be reached at all (any HTTP answer counts), within 3 s.</summary>
internal static class DoctorProbe
{
    public static async Task<string> ProbeAsync(Func<string, string?> getEnv, TimeProvider time, CancellationToken cancellationToken)
    {
        var options = AnthropicOptions.FromEnvironment(getEnv);
        var key = options.ApiKey is not null || options.AuthToken is not null ? "credentials set" : "no ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            using var http = new HttpClient();
            using var response = await http.GetAsync(new Uri(options.BaseUrl.TrimEnd('/') + "/v1/models"), timeout.Token);
            return $"{options.BaseUrl} reachable (HTTP {(int)response.StatusCode}); {key}";
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or UriFormatException)
        {
            var why = ex is OperationCanceledException ? "no answer within 3 s" : ex.Message;
            _ = time;
            return $"{options.BaseUrl} NOT reachable: {why}; {key}";
        }
    }
}
