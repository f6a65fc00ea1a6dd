namespace Keel.Mcp.Config;

/// <summary>
/// The servers a session should start, notices for the user (skipped entries, unapproved project
/// servers, unset variables), and the project servers still waiting for the user's approval.
/// </summary>
public sealed record McpLoadResult(IReadOnlyList<McpServerConfig> Servers, IReadOnlyList<string> Notices, IReadOnlyList<McpServerConfig> AwaitingApproval, string? Error = null)
{
    public static McpLoadResult Failed(string error) => new([], [], [], error);
}
