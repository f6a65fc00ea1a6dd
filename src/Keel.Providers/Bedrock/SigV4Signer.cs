using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Keel.Providers.Bedrock;

/// <summary>
/// AWS Signature Version 4 for request headers (the <c>Authorization</c>, <c>X-Amz-Date</c> and
/// <c>X-Amz-Security-Token</c> headers), written against the published specification and checked
/// with AWS's SigV4 test-suite vectors.
/// </summary>
public static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The result: headers to add to the request.</summary>
    public sealed record Signature(string Authorization, string AmzDate, string? SecurityToken, string CanonicalRequest, string StringToSign);

    /// <summary>
    /// Signs one request. <paramref name="path"/> is the decoded path ("/model/anthropic.claude-v2:1/invoke");
    /// <paramref name="doubleEncodePath"/> encodes each segment twice, as every service but S3 expects of the
    /// path as sent (the test-suite vectors encode once). <paramref name="headers"/> are the headers to sign besides
    /// <c>host</c> and <c>x-amz-date</c>, which are always signed.
    /// </summary>
    public static Signature Sign(
        string method,
        string host,
        string path,
        string query,
        IEnumerable<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> payload,
        AwsCredentials credentials,
        string region,
        string service,
        DateTimeOffset now,
        bool doubleEncodePath = true)
    {
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = amzDate[..8];

        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["x-amz-date"] = amzDate,
        };
        foreach (var (name, value) in headers)
        {
            var key = name.Trim().ToLowerInvariant();
            var trimmed = CollapseSpaces(value.Trim());
            signed[key] = signed.TryGetValue(key, out var existing) ? existing + "," + trimmed : trimmed;
        }

        if (credentials.SessionToken is { Length: > 0 } token)
        {
            signed["x-amz-security-token"] = token;
        }

        var canonicalHeaders = new StringBuilder();
        foreach (var (name, value) in signed)
        {
            canonicalHeaders.Append(name).Append(':').Append(value).Append('\n');
        }

        var signedHeaders = string.Join(';', signed.Keys);
        var canonicalRequest = string.Join(
            '\n',
            method.ToUpperInvariant(),
            CanonicalPath(path, doubleEncodePath),
            CanonicalQuery(query),
            canonicalHeaders.ToString(),
            signedHeaders,
            Hex(SHA256.HashData(payload)));

        var scope = $"{day}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key0 = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), Encoding.UTF8.GetBytes(day));
        var key1 = HMACSHA256.HashData(key0, Encoding.UTF8.GetBytes(region));
        var key2 = HMACSHA256.HashData(key1, Encoding.UTF8.GetBytes(service));
        var signingKey = HMACSHA256.HashData(key2, "aws4_request"u8);
        var signature = Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

        var authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new Signature(authorization, amzDate, credentials.SessionToken is { Length: > 0 } ? credentials.SessionToken : null, canonicalRequest, stringToSign);
    }

    /// <summary>RFC 3986 percent-encoding of everything but unreserved characters (A-Z a-z 0-9 - _ . ~), upper-case hex.</summary>
    public static string UriEncode(string value, bool keepSlash = false)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static string CanonicalPath(string path, bool twice)
    {
        if (path.Length == 0)
        {
            return "/";
        }

        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var once = UriEncode(segments[i]);
            segments[i] = twice ? UriEncode(once) : once;
        }

        return string.Join('/', segments);
    }

    /// <summary>Parameters sorted by encoded name, then value; each name and value encoded once.</summary>
    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            pairs.Add((UriEncode(Uri.UnescapeDataString(name)), UriEncode(Uri.UnescapeDataString(value))));
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(static p => p.Name + "=" + p.Value));
    }

    private static string CollapseSpaces(string value)
    {
        if (!value.Contains("  ", StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value)
        {
            if (c == ' ')
            {
                if (!space)
                {
                    builder.Append(c);
                }

                space = true;
            }
            else
            {
                builder.Append(c);
                space = false;
            }
        }

        return builder.ToString();
    }
}
