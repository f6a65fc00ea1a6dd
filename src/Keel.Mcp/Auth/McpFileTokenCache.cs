using Keel.Mcp.Config;
using ModelContextProtocol.Authentication;

namespace Keel.Mcp.Auth;

/// <summary>The SDK's token cache over <see cref="McpTokenStore"/>: read once, written on every new token (login or refresh).</summary>
internal sealed class McpFileTokenCache(McpTokenStore store, McpServerConfig server, string redirectUri) : ITokenCache
{
    private readonly Lock _gate = new();
    private McpStoredTokens? _current = store.Read(server);

    public bool HasTokens
    {
        get
        {
            lock (_gate)
            {
                return _current is not null;
            }
        }
    }

    public ValueTask<TokenContainer?> GetTokensAsync(CancellationToken cancellationToken)
    {
        McpStoredTokens? current;
        lock (_gate)
        {
            current = _current;
        }

        return ValueTask.FromResult(current is null ? null : new TokenContainer
        {
            AccessToken = current.AccessToken,
            TokenType = current.TokenType ?? "Bearer",
            RefreshToken = current.RefreshToken,
            ExpiresIn = current.ExpiresIn,
            Scope = current.Scope,
            ObtainedAt = current.ObtainedAt,
            ClientId = current.ClientId,
            ClientSecret = current.ClientSecret,
            TokenEndpointAuthMethod = current.TokenEndpointAuthMethod,
            AuthorizationServer = current.AuthorizationServer,
        });
    }

    public ValueTask StoreTokensAsync(TokenContainer tokens, CancellationToken cancellationToken)
    {
        var stored = new McpStoredTokens
        {
            ServerUrl = server.Url ?? string.Empty,
            AccessToken = tokens.AccessToken,
            TokenType = tokens.TokenType,
            RefreshToken = tokens.RefreshToken,
            ExpiresIn = tokens.ExpiresIn,
            Scope = tokens.Scope,
            ObtainedAt = tokens.ObtainedAt,
            ClientId = tokens.ClientId,
            ClientSecret = tokens.ClientSecret,
            TokenEndpointAuthMethod = tokens.TokenEndpointAuthMethod,
            AuthorizationServer = tokens.AuthorizationServer,
            RedirectUri = redirectUri,
        };
        lock (_gate)
        {
            _current = stored;
            store.Write(server, stored);
        }

        return ValueTask.CompletedTask;
    }
}
