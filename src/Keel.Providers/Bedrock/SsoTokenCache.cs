using System.Globalization;
using System.Text.Json;

namespace Keel.Providers.Bedrock;

/// <summary>
/// The access token an <c>aws sso login</c> left in <c>~/.aws/sso/cache/&lt;sha1&gt;.json</c>. When it has expired (or
/// will within the refresh window) and the login kept a refresh token with its client registration
/// (<c>refreshToken</c>, <c>clientId</c>, <c>clientSecret</c>), it is renewed at the SSO OIDC service (CreateToken,
/// grant type <c>refresh_token</c>) and written back to the same file, as the AWS CLI does, so the next
/// <c>aws</c> command and the next Keel start use it too.
/// </summary>
public sealed class SsoTokenCache(AwsEnvironment env, HttpClient http, TimeProvider time)
{
    // The AWS CLI renews a little before expiry; a token this close to its end is renewed if it can be.
    private static readonly TimeSpan RefreshWindow = TimeSpan.FromMinutes(15);

    /// <summary>A usable access token, or null with the reason (which says how to log in again).</summary>
    public async Task<(string? Token, string? Problem)> GetTokenAsync(string cacheFile, string ssoRegion, string login, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(cacheFile, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"the SSO cache {cacheFile} could not be read ({ex.Message}); run `{login}`");
        }

        CachedToken cached;
        try
        {
            cached = CachedToken.Parse(bytes);
        }
        catch (JsonException)
        {
            return (null, $"the SSO cache {cacheFile} is not valid JSON; run `{login}`");
        }

        var now = time.GetUtcNow();
        if (cached.AccessToken is { } token && cached.ExpiresAt - RefreshWindow > now)
        {
            return (token, null);
        }

        var stillValid = cached.AccessToken is not null && cached.ExpiresAt > now;
        string reason;
        if (cached is { RefreshToken: { } refreshToken, ClientId: { } clientId, ClientSecret: { } clientSecret }
            && !(cached.RegistrationExpiresAt is { } registrationEnd && registrationEnd <= now))
        {
            var (renewed, failure) = await RefreshAsync(ssoRegion, clientId, clientSecret, refreshToken, cancellationToken);
            if (renewed is not null)
            {
                Save(cacheFile, bytes, renewed, now);
                return (renewed.AccessToken, null);
            }

            reason = $"the SSO login has expired and could not be refreshed ({failure}); run `{login}`";
        }
        else
        {
            reason = cached.RefreshToken is not null && cached.RegistrationExpiresAt <= now
                ? $"the SSO login has expired and so has its client registration; run `{login}`"
                : $"the SSO login has expired; run `{login}`";
        }

        return stillValid ? (cached.AccessToken, null) : (null, reason);
    }

    private sealed record Renewed(string AccessToken, int ExpiresIn, string? RefreshToken);

    private async Task<(Renewed? Token, string? Failure)> RefreshAsync(string region, string clientId, string clientSecret, string refreshToken, CancellationToken cancellationToken)
    {
        var endpoint = (env.Value("KEEL_AWS_SSO_OIDC_URL") ?? env.Value("AWS_ENDPOINT_URL_SSO_OIDC") ?? $"https://oidc.{region}.amazonaws.com").TrimEnd('/') + "/token";
        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("clientId", clientId);
            writer.WriteString("clientSecret", clientSecret);
            writer.WriteString("grantType", "refresh_token");
            writer.WriteString("refreshToken", refreshToken);
            writer.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body.ToArray()) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        string text;
        int status;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, $"{endpoint} could not be reached: {ex.Message}");
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (status is >= 200 and < 300 && Str(root, "accessToken") is { } accessToken)
            {
                var expiresIn = root.TryGetProperty("expiresIn", out var e) && e.TryGetInt32(out var seconds) ? seconds : 3600;
                return (new Renewed(accessToken, expiresIn, Str(root, "refreshToken")), null);
            }

            var error = Str(root, "error") ?? Str(root, "__type")?.Split('#')[^1] ?? $"HTTP {status}";
            var description = Str(root, "error_description") ?? Str(root, "message") ?? Str(root, "Message");
            return (null, $"SSO OIDC answered {status} {error}{(description is null ? string.Empty : ": " + description)}");
        }
        catch (JsonException)
        {
            return (null, $"SSO OIDC answered {status} without JSON: {(text.Length > 200 ? text[..200] : text)}");
        }
    }

    /// <summary>Writes the renewed token into the cache file, keeping every other field; a failure only costs the next start a refresh.</summary>
    private static void Save(string cacheFile, byte[] original, Renewed renewed, DateTimeOffset now)
    {
        try
        {
            using var document = JsonDocument.Parse(original);
            using var output = new MemoryStream();
            using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Name is not ("accessToken" or "expiresAt" or "refreshToken"))
                    {
                        property.WriteTo(writer);
                    }
                }

                writer.WriteString("accessToken", renewed.AccessToken);
                writer.WriteString("expiresAt", now.AddSeconds(renewed.ExpiresIn).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                if ((renewed.RefreshToken ?? Str(document.RootElement, "refreshToken")) is { } refresh)
                {
                    writer.WriteString("refreshToken", refresh);
                }

                writer.WriteEndObject();
            }

            var temporary = cacheFile + ".keel-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new FileStream(temporary, options))
            {
                file.Write(output.GetBuffer(), 0, (int)output.Length);
            }

            File.Move(temporary, cacheFile, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The token still works for this session.
        }
    }

    private sealed record CachedToken(string? AccessToken, DateTimeOffset ExpiresAt, string? RefreshToken, string? ClientId, string? ClientSecret, DateTimeOffset? RegistrationExpiresAt)
    {
        public static CachedToken Parse(byte[] utf8)
        {
            using var document = JsonDocument.Parse(utf8);
            var root = document.RootElement;
            return new CachedToken(
                Str(root, "accessToken"),
                Date(Str(root, "expiresAt")) ?? DateTimeOffset.MinValue,
                Str(root, "refreshToken"),
                Str(root, "clientId"),
                Str(root, "clientSecret"),
                Date(Str(root, "registrationExpiresAt")));
        }
    }

    private static DateTimeOffset? Date(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
