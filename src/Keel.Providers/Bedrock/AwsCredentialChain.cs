using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Keel.Providers.Common;

namespace Keel.Providers.Bedrock;

/// <summary>
/// The standard AWS credential chain, read the way the AWS CLI reads it: the <c>awsCredentialExport</c>
/// command from settings, then environment variables, then the shared profile (static keys,
/// <c>credential_process</c>, an SSO login cached by <c>aws sso login</c>), then container credentials,
/// then the EC2 instance metadata service (IMDSv2). Temporary credentials are cached until five
/// minutes before they expire. When nothing is found (or AWS rejects them) the <c>awsAuthRefresh</c>
/// command runs once and the chain is read again.
/// </summary>
public sealed class AwsCredentialChain(AwsEnvironment env, HttpClient http, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private AwsCredentials? _cached;
    private bool _refreshRan;

    /// <summary>A command printing <c>{"Credentials": {"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}}</c>.</summary>
    public string? CredentialExport { get; init; }

    /// <summary>A command that refreshes the login (e.g. <c>aws sso login</c>); its output is shown to the user.</summary>
    public string? AuthRefresh { get; init; }

    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Each source tried and why it gave nothing, for the error message.</summary>
    public IReadOnlyList<string> Misses { get; private set; } = [];

    public void Dispose() => _gate.Dispose();

    public async Task<AwsCredentials> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } cached && !cached.ExpiresWithin(time.GetUtcNow(), RefreshMargin))
            {
                return cached;
            }

            var found = await ResolveAsync(cancellationToken);
            if (found is null && AuthRefresh is { } refresh && !_refreshRan)
            {
                _refreshRan = true;
                await ShellCommand.RunAsync(refresh, WorkingDirectory, ShellCommand.DefaultTimeout, cancellationToken, inheritStderr: true);
                found = await ResolveAsync(cancellationToken);
            }

            _cached = found ?? throw new InvalidOperationException(
                "No AWS credentials found (tried " + string.Join("; ", Misses) + "). " + BedrockErrors.CredentialAdvice);
            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>AWS rejected the credentials: run <c>awsAuthRefresh</c> (if set) and forget the cache. True when there is something new to try.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _cached = null;
            if (AuthRefresh is { } refresh)
            {
                _refreshRan = true;
                await ShellCommand.RunAsync(refresh, WorkingDirectory, ShellCommand.DefaultTimeout, cancellationToken, inheritStderr: true);
                return true;
            }

            return CredentialExport is not null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<AwsCredentials?> ResolveAsync(CancellationToken cancellationToken)
    {
        var misses = new List<string>();
        try
        {
            if (CredentialExport is { } export)
            {
                var output = await ShellCommand.RunAsync(export, WorkingDirectory, ShellCommand.DefaultTimeout, cancellationToken);
                return ParseCredentialJson(output, "awsCredentialExport") ?? throw new InvalidOperationException("awsCredentialExport printed no Credentials object");
            }

            if (FromEnvironment() is { } fromEnv)
            {
                return fromEnv;
            }

            misses.Add("environment: AWS_ACCESS_KEY_ID not set");
            if (await FromProfileAsync(env.Profile, misses, cancellationToken) is { } fromProfile)
            {
                return fromProfile;
            }

            if (await FromContainerAsync(misses, cancellationToken) is { } fromContainer)
            {
                return fromContainer;
            }

            return await FromInstanceMetadataAsync(misses, cancellationToken);
        }
        finally
        {
            Misses = misses;
        }
    }

    private AwsCredentials? FromEnvironment() =>
        env.Value("AWS_ACCESS_KEY_ID") is { } id && env.Value("AWS_SECRET_ACCESS_KEY") is { } secret
            ? new AwsCredentials(id, secret, env.Value("AWS_SESSION_TOKEN")) { Source = "environment" }
            : null;

    private async Task<AwsCredentials?> FromProfileAsync(string profile, List<string> misses, CancellationToken cancellationToken)
    {
        if (env.CredentialsSection(profile) is { } creds && Static(creds, $"profile {profile} ({env.CredentialsFile})") is { } fromCredentialsFile)
        {
            return fromCredentialsFile;
        }

        var config = env.ConfigSection(profile);
        if (Static(config, $"profile {profile} ({env.ConfigFile})") is { } fromConfig)
        {
            return fromConfig;
        }

        if (config.TryGetValue("credential_process", out var process) && process.Length > 0)
        {
            var output = await ShellCommand.RunAsync(process, WorkingDirectory, ShellCommand.DefaultTimeout, cancellationToken);
            return ParseCredentialJson(output, $"credential_process of profile {profile}");
        }

        if (config.TryGetValue("sso_account_id", out var account) && config.TryGetValue("sso_role_name", out var role))
        {
            return await FromSsoAsync(profile, config, account, role, misses, cancellationToken);
        }

        misses.Add($"profile {profile}: no keys, credential_process or SSO settings");
        return null;
    }

    private static AwsCredentials? Static(IReadOnlyDictionary<string, string> section, string source) =>
        section.TryGetValue("aws_access_key_id", out var id) && id.Length > 0 && section.TryGetValue("aws_secret_access_key", out var secret) && secret.Length > 0
            ? new AwsCredentials(id, secret, section.TryGetValue("aws_session_token", out var token) && token.Length > 0 ? token : null) { Source = source }
            : null;

    /// <summary>
    /// An <c>aws sso login</c> token from <c>~/.aws/sso/cache/&lt;sha1&gt;.json</c> (keyed by the sso-session name, or
    /// the start URL for legacy profiles; renewed with its refresh token when it has expired) traded for role
    /// credentials at the SSO portal.
    /// </summary>
    private async Task<AwsCredentials?> FromSsoAsync(string profile, IReadOnlyDictionary<string, string> config, string account, string role, List<string> misses, CancellationToken cancellationToken)
    {
        string? cacheKey;
        string? ssoRegion;
        if (config.TryGetValue("sso_session", out var sessionName) && env.SsoSession(sessionName) is { } session)
        {
            cacheKey = sessionName;
            ssoRegion = session.TryGetValue("sso_region", out var r) ? r : null;
        }
        else
        {
            cacheKey = config.TryGetValue("sso_start_url", out var url) ? url : null;
            ssoRegion = config.TryGetValue("sso_region", out var r) ? r : null;
        }

        if (cacheKey is null || ssoRegion is null)
        {
            misses.Add($"profile {profile}: SSO settings incomplete (sso_session or sso_start_url, and sso_region)");
            return null;
        }

#pragma warning disable CA5350 // The AWS CLI names its SSO cache files by the SHA-1 of the session name; a file name, not security.
        var cacheFile = Path.Combine(env.SsoCacheDirectory, SigV4Signer.Hex(SHA1.HashData(Encoding.UTF8.GetBytes(cacheKey))) + ".json");
#pragma warning restore CA5350
        if (!File.Exists(cacheFile))
        {
            misses.Add($"profile {profile}: no SSO login cached (run `aws sso login --profile {profile}`)");
            return null;
        }

        var (token, problem) = await new SsoTokenCache(env, http, time).GetTokenAsync(cacheFile, ssoRegion, $"aws sso login --profile {profile}", cancellationToken);
        if (token is null)
        {
            misses.Add($"profile {profile}: {problem}");
            return null;
        }

        var portal = env.Value("KEEL_AWS_SSO_PORTAL_URL") ?? env.Value("AWS_ENDPOINT_URL_SSO") ?? $"https://portal.sso.{ssoRegion}.amazonaws.com";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{portal.TrimEnd('/')}/federation/credentials?account_id={Uri.EscapeDataString(account)}&role_name={Uri.EscapeDataString(role)}");
        request.Headers.TryAddWithoutValidation("x-amz-sso_bearer_token", token);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var again = response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden ? $"; run `aws sso login --profile {profile}`" : string.Empty;
            throw new InvalidOperationException($"the SSO portal refused role credentials for profile {profile} ({(int)response.StatusCode}): {body}{again}");
        }

        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("roleCredentials", out var rc))
        {
            return null;
        }

        DateTimeOffset? expiration = rc.TryGetProperty("expiration", out var ms) && ms.TryGetInt64(out var millis) ? DateTimeOffset.FromUnixTimeMilliseconds(millis) : null;
        return Str(rc, "accessKeyId") is { } id && Str(rc, "secretAccessKey") is { } secret
            ? new AwsCredentials(id, secret, Str(rc, "sessionToken"), expiration) { Source = $"SSO profile {profile}" }
            : null;
    }

    /// <summary>ECS/EKS container credentials: a relative URI on 169.254.170.2 or a full URI with an authorization token.</summary>
    private async Task<AwsCredentials?> FromContainerAsync(List<string> misses, CancellationToken cancellationToken)
    {
        string? url = null;
        if (env.Value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") is { } relative)
        {
            url = "http://169.254.170.2" + relative;
        }
        else if (env.Value("AWS_CONTAINER_CREDENTIALS_FULL_URI") is { } full)
        {
            url = full;
        }

        if (url is null)
        {
            misses.Add("container: AWS_CONTAINER_CREDENTIALS_* not set");
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var authorization = env.Value("AWS_CONTAINER_AUTHORIZATION_TOKEN");
        if (authorization is null && env.Value("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") is { } tokenFile && File.Exists(tokenFile))
        {
            authorization = (await File.ReadAllTextAsync(tokenFile, cancellationToken)).Trim();
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var body = await GetMetadataAsync(request, cancellationToken);
        return body is null ? null : ParseMetadataCredentials(body, "container credentials");
    }

    /// <summary>IMDSv2: a session token, the role name, then the role's credentials. Off with AWS_EC2_METADATA_DISABLED=true.</summary>
    private async Task<AwsCredentials?> FromInstanceMetadataAsync(List<string> misses, CancellationToken cancellationToken)
    {
        if (string.Equals(env.Value("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
        {
            misses.Add("instance metadata: disabled by AWS_EC2_METADATA_DISABLED");
            return null;
        }

        var endpoint = (env.Value("AWS_EC2_METADATA_SERVICE_ENDPOINT") ?? "http://169.254.169.254").TrimEnd('/');
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Put, endpoint + "/latest/api/token");
        tokenRequest.Headers.TryAddWithoutValidation("X-aws-ec2-metadata-token-ttl-seconds", "21600");
        var token = await GetMetadataAsync(tokenRequest, cancellationToken);
        if (token is null)
        {
            misses.Add($"instance metadata: {endpoint} did not answer");
            return null;
        }

        using var roleRequest = new HttpRequestMessage(HttpMethod.Get, endpoint + "/latest/meta-data/iam/security-credentials/");
        roleRequest.Headers.TryAddWithoutValidation("X-aws-ec2-metadata-token", token);
        var role = (await GetMetadataAsync(roleRequest, cancellationToken))?.Split('\n')[0].Trim();
        if (string.IsNullOrEmpty(role))
        {
            misses.Add("instance metadata: no IAM role attached");
            return null;
        }

        using var credsRequest = new HttpRequestMessage(HttpMethod.Get, endpoint + "/latest/meta-data/iam/security-credentials/" + Uri.EscapeDataString(role));
        credsRequest.Headers.TryAddWithoutValidation("X-aws-ec2-metadata-token", token);
        var body = await GetMetadataAsync(credsRequest, cancellationToken);
        return body is null ? null : ParseMetadataCredentials(body, $"instance role {role}");
    }

    private async Task<string?> GetMetadataAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(MetadataTimeout);
        try
        {
            using var response = await http.SendAsync(request, limit.Token);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(limit.Token) : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static AwsCredentials? ParseMetadataCredentials(string body, string source)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        return Str(root, "AccessKeyId") is { } id && Str(root, "SecretAccessKey") is { } secret
            ? new AwsCredentials(id, secret, Str(root, "Token") ?? Str(root, "SessionToken"), Date(Str(root, "Expiration"))) { Source = source }
            : null;
    }

    /// <summary><c>{"Credentials": {...}}</c> (sts output, awsCredentialExport) or the flat <c>credential_process</c> form.</summary>
    public static AwsCredentials? ParseCredentialJson(string output, string source)
    {
        using var document = JsonDocument.Parse(output.Trim());
        var root = document.RootElement;
        var creds = root.TryGetProperty("Credentials", out var nested) ? nested : root;
        return Str(creds, "AccessKeyId") is { } id && Str(creds, "SecretAccessKey") is { } secret
            ? new AwsCredentials(id, secret, Str(creds, "SessionToken"), Date(Str(creds, "Expiration"))) { Source = source }
            : null;
    }

    private static DateTimeOffset? Date(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
