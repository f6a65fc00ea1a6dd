namespace Keel.Tools.Web;

/// <summary>
/// What a fetch produced: the page as Markdown or text, a redirect to another host (not followed),
/// or an error for the model.
/// </summary>
public sealed record FetchedPage(string Url, int Status, string? ContentType, string? Content, bool Truncated, string? RedirectTo = null, string? Error = null, long Bytes = 0);
