using System.Text.Json;

namespace Keel.Providers.Vertex;

/// <summary>
/// Application default credentials, found the way Google's tools find them:
/// <c>GOOGLE_APPLICATION_CREDENTIALS</c>, then gcloud's <c>~/.config/gcloud/application_default_credentials.json</c>
/// (an <c>authorized_user</c> refresh token or a <c>service_account</c> key), then the metadata server of the
/// machine it runs on. Tokens are cached until five minutes before they expire.
/// </summary>
public sealed class GoogleCredentials(Func<string, string?> getEnv, string home, HttpClient http, TimeProvider time) : IDisposable
{
    public const string DefaultTokenUri = "https://oauth2.googleapis.com/token";

    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private GoogleAccessToken? _cached;

    /// <summary>The account's quota project (<c>quota_project_id</c>), sent as <c>x-goog-user-project</c>.</summary>
    public string? QuotaProject { get; private set; }

    public void Dispose() => _gate.Dispose();

    public async Task<GoogleAccessToken> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } cached && cached.Expires - RefreshMargin > time.GetUtcNow())
            {
                return cached;
            }

            _cached = await FetchAsync(cancellationToken);
            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cached token (Google rejected it).</summary>
    public void Invalidate() => _cached = null;

    private async Task<GoogleAccessToken> FetchAsync(CancellationToken cancellationToken)
    {
        var file = Value("GOOGLE_APPLICATION_CREDENTIALS");
        if (file is null)
        {
            var configDir = Value("CLOUDSDK_CONFIG") ?? Path.Combine(home, ".config", "gcloud");
            var adc = Path.Combine(configDir, "application_default_credentials.json");
            file = File.Exists(adc) ? adc : null;
        }
        else if (!File.Exists(file))
        {
            throw new InvalidOperationException($"GOOGLE_APPLICATION_CREDENTIALS points at {file}, which does not exist.");
        }

        if (file is not null)
        {
            return await FromFileAsync(file, cancellationToken);
        }

        return await FromMetadataServerAsync(cancellationToken)
            ?? throw new InvalidOperationException(
                "No Google credentials found: run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file.");
    }

    private async Task<GoogleAccessToken> FromFileAsync(string file, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file, cancellationToken));
        var root = document.RootElement;
        QuotaProject = Str(root, "quota_project_id");
        var type = Str(root, "type");
        var tokenUri = Str(root, "token_uri") ?? DefaultTokenUri;
        List<KeyValuePair<string, string>> form;
        switch (type)
        {
            case "authorized_user":
                form =
                [
                    new("grant_type", "refresh_token"),
                    new("client_id", Str(root, "client_id") ?? string.Empty),
                    new("client_secret", Str(root, "client_secret") ?? string.Empty),
                    new("refresh_token", Str(root, "refresh_token") ?? throw new InvalidOperationException($"{file} has no refresh_token")),
                ];
                break;
            case "service_account":
                var assertion = ServiceAccountJwt.Create(
                    Str(root, "client_email") ?? throw new InvalidOperationException($"{file} has no client_email"),
                    Str(root, "private_key") ?? throw new InvalidOperationException($"{file} has no private_key"),
                    Str(root, "private_key_id"),
                    tokenUri,
                    time.GetUtcNow());
                form = [new("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), new("assertion", assertion)];
                break;
            default:
                throw new InvalidOperationException($"{file}: credentials of type \"{type}\" are not supported (use authorized_user or service_account).");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUri) { Content = new FormUrlEncodedContent(form) };
        return await ReadTokenAsync(request, $"{type} ({file})", cancellationToken);
    }

    private async Task<GoogleAccessToken?> FromMetadataServerAsync(CancellationToken cancellationToken)
    {
        var host = Value("GCE_METADATA_HOST") ?? "metadata.google.internal";
        var url = (host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host).TrimEnd('/') + "/computeMetadata/v1/instance/service-accounts/default/token";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Metadata-Flavor", "Google");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            return await ReadTokenAsync(request, "metadata server", limit.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<GoogleAccessToken> ReadTokenAsync(HttpRequestMessage request, string source, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Google refused a token for {source} ({(int)response.StatusCode}): {Snippet(body)}");
        }

        using var document = JsonDocument.Parse(body);
        var token = Str(document.RootElement, "access_token") ?? throw new InvalidOperationException($"the token answer for {source} had no access_token");
        var seconds = document.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt64(out var s) ? s : 3600;
        return new GoogleAccessToken(token, time.GetUtcNow().AddSeconds(seconds), source);
    }

    private string? Value(string name) => getEnv(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private static string Snippet(string body) => body.Length > 300 ? body[..300] + "..." : body;

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
