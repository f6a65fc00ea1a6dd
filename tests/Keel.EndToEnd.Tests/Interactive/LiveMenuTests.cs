using Keel.EndToEnd.Tests.Mcp;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>The menus that open while typing <c>/</c> and <c>@</c>.</summary>
public sealed class LiveMenuTests
{
    [Fact]
    public async Task Typing_a_slash_lists_commands_narrows_them_and_enter_runs_the_highlighted_one()
    {
        await using var s = await Scenario.StartAsync();
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();

        tmux.Type("/");
        var menu = await tmux.WaitForAsync("/compact [focus]");
        menu.ShouldContain("Summarise the conversation to free context");
        menu.ShouldContain("/help");
        tmux.Type("cle");
        await tmux.WaitForAsync(screen => screen.Contains("❯ /clear", StringComparison.Ordinal) && !screen.Contains("/compact [focus]", StringComparison.Ordinal), "the menu narrowed to /clear");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Conversation cleared");
    }

    [Fact]
    public async Task Typing_at_lists_files_and_directories_skips_ignored_ones_and_a_directory_opens()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.GitInit();
        s.Workspace.Write(".gitignore", "build/\n");
        s.Workspace.Write("src/parser/lexer.cs", "class Lexer {}\n");
        s.Workspace.Write("src/parser/syntax_tree.cs", "class Tree {}\n");
        s.Workspace.Write("build/lexer.generated.cs", "junk\n");
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();

        tmux.Type("explain @lexer");
        var menu = await tmux.WaitForAsync("❯ src/parser/lexer.cs");
        menu.ShouldNotContain("lexer.generated.cs");
        tmux.Keys("Tab");
        await tmux.WaitForAsync(screen => screen.Contains("> explain @src/parser/lexer.cs", StringComparison.Ordinal) && !screen.Contains("❯ src/parser/lexer.cs", StringComparison.Ordinal), "the file accepted");

        tmux.Type("and @src/pars");
        await tmux.WaitForAsync("directory");
        tmux.Keys("Tab");
        // The directory's files may already be listed as fuzzy matches: wait for the accepted directory itself.
        await tmux.WaitForAsync(screen => screen.Contains("and @src/parser/", StringComparison.Ordinal) && screen.Contains("src/parser/syntax_tree.cs", StringComparison.Ordinal), "the directory accepted and opened");
        tmux.Keys("Escape");
        await tmux.WaitForAsync(screen => !screen.Contains("syntax_tree.cs", StringComparison.Ordinal), "the menu closed");
    }

    [Fact]
    public async Task Typing_at_also_lists_agents_and_mcp_resources_and_what_they_mention_reaches_the_model()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/agents/reviewer.md", "---\nname: reviewer\ndescription: Reviews diffs for bugs\n---\nYou review code.\n");
        s.Script(Turn.Text("Handing it over."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--mcp-config", McpFixtures.StdioConfig()]);
        await tmux.WaitForReadyAsync();

        tmux.Type("ask @agent-rev");
        var menu = await tmux.WaitForAsync("❯ @agent-reviewer");
        menu.ShouldContain("agent · Reviews diffs for bugs");
        tmux.Keys("Tab");
        await tmux.WaitForAsync(screen => screen.Contains("> ask @agent-reviewer", StringComparison.Ordinal) && !screen.Contains("❯ @agent-reviewer", StringComparison.Ordinal), "the agent accepted");

        tmux.Type("about @everything:demo://resource/static/document/features");
        var resources = await tmux.WaitForAsync("MCP resource · ");
        resources.ShouldContain("❯ @everything:demo://");
        tmux.Keys("Tab");
        await tmux.WaitForAsync(screen => !screen.Contains("MCP resource · ", StringComparison.Ordinal), "the resource accepted");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Handing it over.");

        var last = s.Server.MessageRequests.ShouldHaveSingleItem().Messages![^1]!;
        var sent = string.Join("\n", last["content"]!.AsArray().Select(static b => (string?)b!["text"]));
        sent.ShouldContain("ask @agent-reviewer about @everything:demo://resource/static/document/features.md");
        sent.ShouldContain("subagent_type \"reviewer\"");
        sent.ShouldContain("<mcp-resource server=\"everything\" uri=\"demo://resource/static/document/features.md\">");
        sent.ShouldNotContain("could not be read");
    }
}
