using Keel.Cli.Composition;

namespace Keel.Cli.Mcp;

/// <summary>
/// MCP in <c>keel -p</c>: a server that stops mid-run is reported on stderr. (<c>/mcp</c> and server
/// prompts are slash commands in the session's registry, run like every other command.)
/// </summary>
public static class McpHeadless
{
    public static void ReportStoppedServers(SessionSetup setup, TextWriter stderr) =>
        setup.Mcp?.Hub.OnServerStopped(server => stderr.WriteLine($"Warning: MCP server \"{server.Name}\" stopped: {server.Error}. Keel starts it again (with backoff); until then its tools return errors."));
}
