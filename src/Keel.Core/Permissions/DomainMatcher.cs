using Keel.Core.Permissions.Paths;

namespace Keel.Core.Permissions;

/// <summary>
/// Matches <c>WebFetch(domain:...)</c> rules on the parsed host, never on URL text:
/// <c>example.com</c> is that host only, <c>*.example.com</c> its subdomains only, and a
/// <c>*</c> elsewhere stays within one label. Case-insensitive.
/// </summary>
public static class DomainMatcher
{
    public static string? Host(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.IdnHost.Length > 0
            ? uri.IdnHost.TrimEnd('.').ToLowerInvariant()
            : null;

    /// <summary>True when the rule specifier (<c>domain:example.com</c>) covers the host.</summary>
    public static bool Matches(string specifier, string host)
    {
        if (!specifier.StartsWith("domain:", StringComparison.Ordinal))
        {
            return false;
        }

        var pattern = specifier["domain:".Length..].Trim().TrimEnd('.').ToLowerInvariant();
        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return host.EndsWith(pattern[1..], StringComparison.Ordinal) && host.Length > pattern.Length - 1;
        }

        var patternLabels = pattern.Split('.');
        var hostLabels = host.Split('.');
        if (patternLabels.Length != hostLabels.Length)
        {
            return false;
        }

        for (var i = 0; i < hostLabels.Length; i++)
        {
            if (!PathPattern.Wildcard(patternLabels[i], hostLabels[i]))
            {
                return false;
            }
        }

        return true;
    }
}
