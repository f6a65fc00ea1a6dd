using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Keel.Core.Hooks;

namespace Keel.Tools.Hooks;

/// <summary>
/// Runs an http hook: POSTs the input JSON; a 2xx body is read like a command's stdout. Header values
/// may reference <c>$VAR</c> / <c>${VAR}</c>, but only variables the hook lists in <c>allowedEnvVars</c>
/// are filled in — any other reference becomes empty, so a project cannot exfiltrate the environment.
/// </summary>
public sealed partial class HttpHookExecutor(Func<string, string?> getEnv, TimeProvider time, HttpClient? client = null) : IHookExecutor
{
    private static readonly Lazy<HttpClient> SharedClient = new(static () => new HttpClient { Timeout = Timeout.InfiniteTimeSpan });

    public async Task<HookExecution> ExecuteAsync(HookRequest request, CancellationToken cancellationToken)
    {
        var handler = request.Handler;
        using var timeout = new CancellationTokenSource(request.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var message = new HttpRequestMessage(HttpMethod.Post, handler.Url)
        {
            Content = new StringContent(request.Input, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        foreach (var (name, value) in handler.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, Interpolate(value, handler.AllowedEnvVars));
        }

        try
        {
            using var response = await (client ?? SharedClient.Value).SendAsync(message, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            return response.IsSuccessStatusCode
                ? new HookExecution(0, body, string.Empty)
                : new HookExecution(1, string.Empty, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new HookExecution(null, string.Empty, string.Empty, TimedOut: true);
        }
        catch (HttpRequestException ex)
        {
            return HookExecution.Failed($"request failed: {ex.Message}");
        }
    }

    /// <summary>Fills <c>$NAME</c> and <c>${NAME}</c> from the environment for allowed names only.</summary>
    public string Interpolate(string value, IReadOnlyList<string> allowed) =>
        Reference().Replace(value, match =>
        {
            var name = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
            return allowed.Contains(name, StringComparer.Ordinal) ? getEnv(name) ?? string.Empty : string.Empty;
        });

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Reference();
}
