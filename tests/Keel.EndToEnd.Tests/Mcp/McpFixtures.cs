using System.Net;
using System.Net.Sockets;

namespace Keel.EndToEnd.Tests.Mcp;

/// <summary>The real MCP peers installed from npm into tests/fixtures/mcp (test.sh runs npm ci when missing).</summary>
public static class McpFixtures
{
    public static string Directory { get; } = Find();

    public static string Everything => Path.Combine(Directory, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    public static string ServeClient => Path.Combine(Directory, "serve-client.mjs");

    /// <summary>An --mcp-config value running the reference server over stdio under the name "everything".</summary>
    public static string StdioConfig(string name = "everything") =>
        $$$$"""{"mcpServers":{"{{{{name}}}}":{"command":"node","args":["{{{{Everything}}}}","stdio"]}}}""";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "mcp");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/fixtures/mcp not found above " + AppContext.BaseDirectory);
    }
}
