namespace Keel.Cli.Mcp;

/// <summary>What an SDK host's <c>mcp_set_servers</c> did: servers added (or replaced), removed, and why some failed.</summary>
public sealed record McpServersChanged(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyDictionary<string, string> Errors);
