using System.Diagnostics;
using Keel.Mcp.Auth;
using Keel.Mcp.Client;
using Keel.Mcp.Config;

namespace Keel.Cli.Mcp;

/// <summary><c>keel mcp login|logout &lt;name&gt;</c>: OAuth sign-in for a remote server, and forgetting its tokens.</summary>
public static partial class McpCommand
{
    private static readonly TimeSpan BrowserWait = TimeSpan.FromMinutes(5);

    /// <summary>Where remote servers' tokens are kept: the user's config folder, never the project.</summary>
    internal static McpTokenStore TokenStore(string keelConfigDirectory) => new(Path.Combine(keelConfigDirectory, "mcp-auth"));

    private static async Task<int> LoginAsync(string name, McpConfigFiles files, Func<string, string?> getEnv, string cwd, TextWriter stdout, TextWriter stderr)
    {
        if (RemoteServer(name, files, getEnv, cwd, stderr) is not { } server)
        {
            return 1;
        }

        var store = TokenStore(files.KeelConfigDirectory);
        // A new sign-in replaces whatever was stored (an expired registration, another account).
        store.Delete(server);
        using var listener = LoopbackAuthorization.Listen();
        var redirect = LoopbackAuthorization.RedirectUri(listener);
        var flow = new LoopbackAuthorization(
            listener,
            url =>
            {
                stdout.WriteLine($"To sign in to MCP server \"{name}\", open this URL in your browser:");
                stdout.WriteLine();
                stdout.WriteLine($"  {url}");
                stdout.WriteLine();
                stdout.WriteLine($"Waiting for the browser to return to {redirect.AbsoluteUri} (up to {BrowserWait.TotalMinutes:0} minutes) ...");
                stdout.Flush();
            },
            uri => OpenBrowser(uri, getEnv),
            TimeProvider.System,
            BrowserWait);
        var options = HubOptions(files, getEnv) with
        {
            Auth = new McpAuth(store) { Login = (flow, redirect) },
            StartupTimeout = BrowserWait + TimeSpan.FromMinutes(1),
            ReconnectAttempts = 0,
        };
        await using var connection = new McpServerConnection(server, options);
        await connection.StartAsync(CancellationToken.None);
        if (connection.State != McpServerState.Connected)
        {
            await stderr.WriteLineAsync($"Error: signing in to MCP server \"{name}\" failed: {connection.Error}");
            return 1;
        }

        await stdout.WriteLineAsync(store.Read(server) is null
            ? $"MCP server \"{name}\" did not ask for authentication; it connects without signing in."
            : $"Authenticated with MCP server \"{name}\" ({connection.Tools.Count} tools). Tokens saved to {store.PathFor(server)}; `keel mcp logout {name}` removes them.");
        return 0;
    }

    private static int Logout(string name, McpConfigFiles files, Func<string, string?> getEnv, string cwd, TextWriter stdout, TextWriter stderr)
    {
        if (RemoteServer(name, files, getEnv, cwd, stderr) is not { } server)
        {
            return 1;
        }

        var store = TokenStore(files.KeelConfigDirectory);
        stdout.WriteLine(store.Delete(server)
            ? $"Removed the stored tokens of MCP server \"{name}\". `keel mcp login {name}` signs in again."
            : $"No stored tokens for MCP server \"{name}\"; nothing to remove.");
        return 0;
    }

    private static McpServerConfig? RemoteServer(string name, McpConfigFiles files, Func<string, string?> getEnv, string cwd, TextWriter stderr)
    {
        var loaded = Load(files, getEnv, cwd);
        var server = loaded.Servers.Concat(loaded.AwaitingApproval).FirstOrDefault(s => s.Name == name);
        if (server is null)
        {
            stderr.WriteLine($"Error: no MCP server named \"{name}\". Add one with: keel mcp add -t http {name} <url>");
            return null;
        }

        if (server.IsStdio || server.IsSdk)
        {
            stderr.WriteLine($"Error: MCP server \"{name}\" is not a remote (http or sse) server; only remote servers sign in with OAuth.");
            return null;
        }

        return server;
    }

    /// <summary>Opens the URL with $BROWSER, or xdg-open when installed; the printed URL is the fallback either way.</summary>
    private static void OpenBrowser(Uri url, Func<string, string?> getEnv)
    {
        var browser = getEnv("BROWSER");
        if (string.IsNullOrWhiteSpace(browser))
        {
            var path = getEnv("PATH") ?? string.Empty;
            browser = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(static dir => Path.Combine(dir, "xdg-open"))
                .FirstOrDefault(File.Exists);
        }

        if (browser is null)
        {
            return;
        }

        try
        {
            var start = new ProcessStartInfo(browser) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(url.AbsoluteUri);
            using var process = Process.Start(start);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            // No browser here (a server, a container): the printed URL is enough.
        }
    }
}
