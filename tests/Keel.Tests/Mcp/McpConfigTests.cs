using System.Text.Json;
using Keel.Core.Settings;
using Keel.Mcp.Client;
using Keel.Mcp.Config;

namespace Keel.Tests.Mcp;

public sealed class McpConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-mcp-").FullName;

    [Fact]
    public void Env_expansion_uses_values_defaults_and_reports_unset_variables()
    {
        var missing = new List<string>();
        var env = new Dictionary<string, string?> { ["HOST"] = "example.com" };

        McpEnvExpander.Expand("https://${HOST}:${PORT:-8080}/${TOKEN}", n => env.GetValueOrDefault(n), missing)
            .ShouldBe("https://example.com:8080/${TOKEN}");
        missing.ShouldBe(["TOKEN"]);
    }

    [Fact]
    public void Entries_follow_the_compat_format_and_broken_ones_are_skipped_with_a_warning()
    {
        using var doc = JsonDocument.Parse("""
            {"mcpServers":{
              "local":{"command":"npx","args":["-y","${PKG:-srv}"],"env":{"K":"v"}},
              "remote":{"type":"streamable-http","url":"https://x.test/mcp","headers":{"A":"b"}},
              "nourltype":{"url":"https://x.test"},
              "ws":{"type":"ws","url":"wss://x"}}}
            """);
        var warnings = new List<string>();

        var servers = McpConfigParser.ParseDocument(doc.RootElement, "project", ".mcp.json", static _ => null, warnings);

        servers.Select(static s => s.Name).ShouldBe(["local", "remote"]);
        servers[0].Transport.ShouldBe("stdio");
        servers[0].Args.ShouldBe(["-y", "srv"]);
        servers[1].Transport.ShouldBe("http");
        warnings.Count.ShouldBe(2);
        warnings[0].ShouldContain("no \"type\"");
    }

    [Fact]
    public void Project_servers_load_only_when_approved_and_the_store_remembers_the_choice()
    {
        var project = Path.Combine(_dir, "proj");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, ".mcp.json"), """{"mcpServers":{"a":{"command":"x"},"b":{"command":"y"}}}""");
        var files = new McpConfigFiles(project, Path.Combine(_dir, "cfg"));

        var first = McpConfigLoader.Load(files, LoadedSettings.Empty, [], strict: false, project, static _ => null);
        first.Servers.ShouldBeEmpty();
        first.AwaitingApproval.Select(static s => s.Name).ShouldBe(["a", "b"]);

        var store = new McpApprovalStore(files);
        store.Record("a", approved: true).ShouldBeNull();
        store.Record("b", approved: false).ShouldBeNull();
        var second = McpConfigLoader.Load(files, LoadedSettings.Empty, [], strict: false, project, static _ => null);
        second.Servers.Select(static s => s.Name).ShouldBe(["a"]);
        second.AwaitingApproval.ShouldBeEmpty();

        var strict = McpConfigLoader.Load(files, LoadedSettings.Empty, ["""{"mcpServers":{"f":{"command":"z"}}}"""], strict: true, project, static _ => null);
        strict.Servers.Select(static s => s.Name).ShouldBe(["f"]);
    }

    [Fact]
    public void A_missing_mcp_config_file_is_an_error()
    {
        var files = new McpConfigFiles(_dir, Path.Combine(_dir, "cfg"));

        var result = McpConfigLoader.Load(files, LoadedSettings.Empty, ["nope.json"], strict: false, _dir, static _ => null);

        result.Error.ShouldNotBeNull();
        result.Error.ShouldContain("does not exist");
    }

    [Theory]
    [InlineData("""{"behavior":"allow"}""", true, null)]
    [InlineData("""{"behavior":"deny","message":"not today"}""", false, "not today")]
    [InlineData("not json", false, "did not answer with JSON")]
    public void Permission_prompt_tool_answers_are_parsed(string text, bool allowed, string? feedback)
    {
        var answer = McpPermissionPrompter.Parse(text, "mcp__p__ok");

        (answer.Kind == Keel.Core.Permissions.PermissionAnswerKind.AllowOnce).ShouldBe(allowed);
        if (feedback is not null)
        {
            answer.Feedback.ShouldNotBeNull();
            answer.Feedback.ShouldContain(feedback);
        }
    }

    [Fact]
    public void Prompt_arguments_split_by_words_and_the_last_takes_the_rest()
    {
        McpPromptCommand.Split("\"New York\" in the rain", 2).ShouldBe(["New York", "in the rain"]);
        McpPromptCommand.Split("Paris", 1).ShouldBe(["Paris"]);
        McpPromptCommand.Split("", 2).ShouldBeEmpty();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
