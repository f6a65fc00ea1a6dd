using Keel.Mcp.Config;
using ModelContextProtocol.Authentication;

namespace Keel.Mcp.Auth;

/// <summary>
/// OAuth for remote servers (the MCP authorization flow the SDK runs: protected-resource and authorization-server
/// metadata, dynamic client registration, authorization code with PKCE S256, refresh). In a session a server is
/// given its stored tokens (refreshed when they expire); with none, or when a refresh fails, the server is marked
/// as needing authentication instead of waiting on a browser. <c>keel mcp login</c> runs the browser flow.
/// </summary>
public sealed class McpAuth(McpTokenStore store)
{
    public McpTokenStore Store { get; } = store;

    /// <summary>Set by <c>keel mcp login</c>: the browser flow, and the loopback redirect it listens on.</summary>
    public (LoopbackAuthorization Flow, Uri RedirectUri)? Login { get; init; }

    /// <summary>The SDK's OAuth options for a remote server with the cache they write to; null: connect without OAuth.</summary>
    internal (ClientOAuthOptions Options, McpFileTokenCache Cache)? For(McpServerConfig server)
    {
        if (Login is var (flow, redirect))
        {
            var fresh = new McpFileTokenCache(Store, server, redirect.AbsoluteUri);
            return (new ClientOAuthOptions
            {
                RedirectUri = redirect,
                TokenCache = fresh,
                AuthorizationCallbackHandler = flow.HandleAsync,
                DynamicClientRegistration = new DynamicClientRegistrationOptions { ClientName = "Keel" },
            }, fresh);
        }

        // Without stored tokens no client is registered on every start: a 401 just marks the server.
        if (Store.Read(server) is not { } stored)
        {
            return null;
        }

        var redirectUri = new Uri(stored.RedirectUri ?? "http://127.0.0.1/callback");
        var cache = new McpFileTokenCache(Store, server, redirectUri.AbsoluteUri);
        return (new ClientOAuthOptions
        {
            RedirectUri = redirectUri,
            TokenCache = cache,
            AuthorizationCallbackHandler = (_, _) => throw new McpAuthenticationRequiredException(server.Name),
        }, cache);
    }
}
