namespace Keel.Mcp.Auth;

/// <summary>A remote server asked for OAuth and nobody is there to sign in (a session, not <c>keel mcp login</c>).</summary>
public sealed class McpAuthenticationRequiredException(string server)
    : Exception($"needs authentication: run `keel mcp login {server}` to sign in")
{
    public string Server { get; } = server;
}
