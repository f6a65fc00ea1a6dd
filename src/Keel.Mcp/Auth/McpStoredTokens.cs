using System.Text.Json.Serialization;

namespace Keel.Mcp.Auth;

/// <summary>
/// What <c>keel mcp login</c> keeps for one remote server (a 0600 file in the user's config folder): the tokens, and
/// the client registration and redirect address they were issued for, so a refresh works in a later process.
/// </summary>
public sealed record McpStoredTokens
{
    [JsonPropertyName("server_url")]
    public required string ServerUrl { get; init; }

    [JsonPropertyName("access_token")]
    public required string AccessToken { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    [JsonPropertyName("obtained_at")]
    public DateTimeOffset ObtainedAt { get; init; }

    [JsonPropertyName("client_id")]
    public string? ClientId { get; init; }

    [JsonPropertyName("client_secret")]
    public string? ClientSecret { get; init; }

    [JsonPropertyName("token_endpoint_auth_method")]
    public string? TokenEndpointAuthMethod { get; init; }

    [JsonPropertyName("authorization_server")]
    public string? AuthorizationServer { get; init; }

    [JsonPropertyName("redirect_uri")]
    public string? RedirectUri { get; init; }
}
