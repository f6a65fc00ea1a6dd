using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace Keel.Testing.FakeServer;

/// <summary>
/// AWS IAM Identity Center stand-ins on the fake server: the SSO OIDC <c>POST /token</c> (CreateToken with grant type
/// <c>refresh_token</c>) and the portal's <c>GET /federation/credentials</c> (GetRoleCredentials), checking what the
/// real services check: the client registration and refresh token, then the bearer token CreateToken issued.
/// </summary>
public sealed class FakeAwsSso
{
    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    /// <summary>The refresh token the cache holds; CreateToken accepts only this one.</summary>
    public required string RefreshToken { get; init; }

    public string IssuedAccessToken { get; init; } = "sso-access-renewed";

    /// <summary>The rotated refresh token CreateToken returns (null: none, the old one stays).</summary>
    public string? IssuedRefreshToken { get; init; } = "sso-refresh-rotated";

    public int ExpiresIn { get; init; } = 28_800;

    /// <summary>The role credentials GetRoleCredentials returns for <see cref="IssuedAccessToken"/>.</summary>
    public required (string AccessKeyId, string SecretAccessKey, string SessionToken) RoleCredentials { get; init; }

    private int _tokenCalls;

    public int TokenCalls => Volatile.Read(ref _tokenCalls);

    /// <summary>Answers the request when it is one of the SSO calls; false for anything else.</summary>
    internal async Task<bool> TryServeAsync(HttpContext http, RecordedRequest request)
    {
        if (request.Method == "POST" && request.Path == "/token" && request.Json?["grantType"] is not null)
        {
            Interlocked.Increment(ref _tokenCalls);
            var json = request.Json!;
            if ((string?)json["grantType"] != "refresh_token" || (string?)json["clientId"] != ClientId || (string?)json["clientSecret"] != ClientSecret)
            {
                await WriteAsync(http, HttpStatusCode.Unauthorized, """{"error":"invalid_client","error_description":"Client authentication failed"}""");
            }
            else if ((string?)json["refreshToken"] != RefreshToken)
            {
                await WriteAsync(http, HttpStatusCode.BadRequest, """{"error":"invalid_grant","error_description":"Invalid refresh token provided"}""");
            }
            else
            {
                var rotated = IssuedRefreshToken is null ? string.Empty : $",\"refreshToken\":\"{IssuedRefreshToken}\"";
                await WriteAsync(http, HttpStatusCode.OK, $"{{\"accessToken\":\"{IssuedAccessToken}\",\"expiresIn\":{ExpiresIn.ToString(CultureInfo.InvariantCulture)},\"tokenType\":\"Bearer\"{rotated}}}");
            }

            return true;
        }

        if (request.Method == "GET" && request.Path == "/federation/credentials")
        {
            if (request.Header("x-amz-sso_bearer_token") != IssuedAccessToken)
            {
                await WriteAsync(http, HttpStatusCode.Unauthorized, """{"message":"Session token not found or invalid"}""");
                return true;
            }

            var (id, secret, token) = RoleCredentials;
            await WriteAsync(http, HttpStatusCode.OK, $$$"""{"roleCredentials":{"accessKeyId":"{{{id}}}","secretAccessKey":"{{{secret}}}","sessionToken":"{{{token}}}","expiration":4102444800000}}""");
            return true;
        }

        return false;
    }

    private static async Task WriteAsync(HttpContext http, HttpStatusCode status, string body)
    {
        http.Response.StatusCode = (int)status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body, http.RequestAborted);
    }
}
