using System.Text.Json.Nodes;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Tools.Files;

namespace Keel.Tools.Web;

/// <summary>
/// Fetches a page (<see cref="WebFetcher"/>) and has the small model answer the prompt against it, so the
/// main context gets the answer rather than the page. Domain permission is the engine's
/// (<c>WebFetch(domain:...)</c>).
/// </summary>
public sealed class WebFetchTool : Tool<WebFetchInput>
{
    /// <summary>How much page text goes to the small model.</summary>
    public const int MaxContentChars = 100_000;

    private readonly Lazy<WebFetcher> _fetcher;
    private readonly SideModel _side;

    /// <param name="fetcher">Created on the first fetch: a run that never fetches builds no HTTP client.</param>
    public WebFetchTool(Func<WebFetcher> fetcher, SideModel side)
        : base(static () => WebJsonContext.Default.WebFetchInput)
    {
        _fetcher = new Lazy<WebFetcher>(fetcher, LazyThreadSafetyMode.ExecutionAndPublication);
        _side = side;
    }

    /// <summary>
    /// The session's WebFetch: the fetcher's limits from the environment (null: defaults), and a metadata or
    /// link-local host reachable only when an allow rule names exactly that host.
    /// </summary>
    public static WebFetchTool ForSession(PermissionContext permissions, SideModel side, long? timeoutMs, long? maxBytes, TimeProvider time) =>
        new(() => new WebFetcher(time, timeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, maxBytes ?? WebFetcher.DefaultMaxBytes, guard: new NetworkGuard(host => ExactlyAllowedHost(permissions, host))), side);

    public override string Name => "WebFetch";

    public override ToolKind Kind => ToolKind.Network;

    // Rarely needed: sent by name only when tool search is on.
    public override bool IsDeferrable => true;

    protected override ToolFacets Describe(WebFetchInput input, ToolSession session) => base.Describe(input, session) with
    {
        Url = input.Url,
        Summary = input.Url,
        Display = new UrlDisplay(input.Url),
    };

    /// <summary>True when a WebFetch allow rule names exactly this host (what lets WebFetch reach a link-local or metadata host).</summary>
    private static bool ExactlyAllowedHost(PermissionContext permissions, string host) =>
        permissions.Rules.Any(r => r.ToolName == "WebFetch" && r.Behavior == PermissionBehavior.Allow && string.Equals(r.Specifier?.Trim(), "domain:" + host, StringComparison.OrdinalIgnoreCase));

    protected override string Description => EmbeddedText.Load(nameof(WebFetchTool));

    protected override bool IsReadOnly(WebFetchInput input) => true;

    protected override string? Validate(WebFetchInput input, ToolSession session)
    {
        if (string.IsNullOrWhiteSpace(input.Url) || WebFetcher.Normalize(input.Url) is null)
        {
            return $"\"{input.Url}\" is not a valid http(s) URL; give a full URL such as https://example.com/page.";
        }

        return string.IsNullOrWhiteSpace(input.Prompt) ? "prompt must say what to find on the page." : null;
    }

    protected override async ValueTask<ToolResult> ExecuteAsync(WebFetchInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var uri = WebFetcher.Normalize(input.Url)!;
        context.Progress($"Fetching {uri}");
        var (page, fromCache) = await _fetcher.Value.FetchAsync(uri, cancellationToken);
        var details = new JsonObject { ["url"] = page.Url, ["code"] = page.Status, ["bytes"] = page.Bytes, ["cached"] = fromCache };
        if (page.RedirectTo is { } redirect)
        {
            details["redirect"] = redirect;
            return ToolResult.Success(
                $"{page.Url} redirects ({page.Status}) to a different host: {redirect}\n" +
                "The redirect was not followed. To read it, call WebFetch again with that URL (and the same prompt).",
                details);
        }

        if (page.Error is { } error)
        {
            return ToolResult.Error($"Could not fetch {page.Url}: {error}.", details);
        }

        var content = page.Content ?? string.Empty;
        var truncated = page.Truncated;
        if (content.Length > MaxContentChars)
        {
            content = content[..MaxContentChars];
            truncated = true;
        }

        context.Progress($"Reading {page.Url} ({content.Length:N0} characters)");
        var answer = await _side.SendAsync(FetchPrompt.System, FetchPrompt.User(page.Url, content, truncated, input.Prompt), 4_096, null, cancellationToken);
        if (answer.Message is null)
        {
            return ToolResult.Error($"Fetched {page.Url}, but the model that reads pages failed: {answer.Error}. Try again, or fetch a more specific page.", details);
        }

        var text = answer.Message.Message.Text.Trim();
        details["result"] = text;
        var note = truncated ? "\n\n(The page was longer than what was read; the answer covers its beginning.)" : string.Empty;
        return ToolResult.Success((text.Length == 0 ? "The page was read but the answer was empty." : text) + note, details);
    }
}
