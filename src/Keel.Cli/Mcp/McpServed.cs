using Keel.Cli.Composition;
using Keel.Mcp.Server;

namespace Keel.Cli.Mcp;

/// <summary>A running <c>keel mcp serve</c>: the MCP server, and the session whose pipeline its calls run through.</summary>
public sealed record McpServed(KeelToolServer Server, SessionSetup Session);
