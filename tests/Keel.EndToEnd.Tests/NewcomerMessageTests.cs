using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests;

/// <summary>What a new user meets first: help that lists everything, and plain words for a broken settings file.</summary>
public sealed class NewcomerMessageTests
{
    [Fact]
    public async Task A_malformed_settings_file_is_reported_as_path_line_column_and_the_mistake()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/settings.json", "{\n  \"model\": \"sonnet\",\n  \"permissions\": { \"allow\": [\"Bash\"] }\n  oops\n}\n");
        s.Script(Turn.Text("hello"));

        var result = await s.RunAsync("-p", "hi");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stderr.ShouldContain(".keel/settings.json:4:3: ignored: not valid JSON: unexpected text 'oops'");
        result.Stderr.ShouldNotContain("LineNumber");
        result.Stderr.ShouldNotContain("BytePositionInLine");
        result.Stderr.ShouldNotContain("Exception");
    }

    [Fact]
    public async Task A_trailing_comma_in_mcp_config_is_named_with_its_place()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("servers.json", "{\"mcpServers\": {\"a\": {\"command\": \"x\"},}}");

        var result = await s.RunAsync("-p", "hi", "--mcp-config", "servers.json");

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldContain("servers.json:1:39: a trailing comma before '}'");
    }

    [Fact]
    public async Task Help_lists_every_flag_a_user_may_need()
    {
        await using var s = await Scenario.StartAsync();

        var result = await s.RunAsync("--help");

        result.ExitCode.ShouldBe(0);
        foreach (var flag in new[] { "--fallback-model", "--max-budget-usd", "--mcp-config", "--strict-mcp-config", "keel mcp", "--tools", "--setting-sources", "--fork-session", "--json-schema" })
        {
            result.Stdout.ShouldContain(flag);
        }
    }

    [Theory]
    [InlineData("permissions", "check", "--help")]
    [InlineData("permissions", "--help")]
    [InlineData("mcp", "--help")]
    public async Task Subcommand_help_prints_usage_and_succeeds(params string[] args)
    {
        await using var s = await Scenario.StartAsync();

        var result = await s.RunAsync(args);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("Usage:");
        result.Stderr.ShouldNotContain("Error");
    }

    [Fact]
    public async Task A_model_the_api_does_not_have_is_reported_with_how_to_choose_another()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.Status(404, message: "model: claude-nonexistent-9"));

        var result = await s.RunAsync("-p", "hi", "--model", "claude-nonexistent-9");

        result.ExitCode.ShouldNotBe(0);
        (result.Stdout + result.Stderr).ShouldContain("model: claude-nonexistent-9");
        (result.Stdout + result.Stderr).ShouldContain("Check the model name: --model takes an alias");
    }
}
