namespace Keel.EndToEnd.Tests.Mcp;

/// <summary>Servers a user set up for the reference client in <c>~/.claude.json</c> work in Keel unchanged.</summary>
public sealed class ClaudeJsonServerTests
{
    [Fact]
    public async Task User_and_project_servers_from_claude_json_start_and_keels_own_file_wins_a_name_clash()
    {
        await using var s = await Scenario.StartAsync();
        var everything = $$"""{"command":"node","args":["{{McpFixtures.Everything}}","stdio"]}""";
        File.WriteAllText(Path.Combine(s.Workspace.Home, ".claude.json"), $$$"""
            {"numStartups": 3,
             "mcpServers": {"from-claude": {{{everything}}}, "shared": {"command":"/nonexistent/claude-version"}},
             "projects": {"{{{s.Workspace.Path}}}": {"mcpServers": {"claude-local": {{{everything}}} } } }}
            """);
        Directory.CreateDirectory(s.Workspace.ConfigDir);
        File.WriteAllText(Path.Combine(s.Workspace.ConfigDir, "mcp.json"), $$$"""{"mcpServers":{"shared": {{{everything}}}}}""");

        var result = await s.RunAsync(["doctor"], timeout: TimeSpan.FromSeconds(60));

        result.Stdout.ShouldContain("[ok  ] mcp from-claude: connected");
        result.Stdout.ShouldContain("[ok  ] mcp claude-local: connected");
        result.Stdout.ShouldContain("[ok  ] mcp shared: connected");
        result.Stdout.ShouldNotContain("claude-version");
    }
}
