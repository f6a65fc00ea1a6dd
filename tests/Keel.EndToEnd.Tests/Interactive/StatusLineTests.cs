using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>The <c>statusLine</c> command: run from the first screen, fed the session as JSON.</summary>
public sealed class StatusLineTests
{
    [Fact]
    public async Task The_status_line_shows_before_the_first_turn_and_its_input_carries_the_session_with_real_token_counts()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/settings.json", """{"statusLine":{"type":"command","command":"tee \"$PWD/status-$(date +%s%N).json\" | grep -o '\"used_tokens\":[0-9]*' | sed 's/^/custom-status-line /'"}}""");
        s.Script(Turn.Text("Counted.").Usage(12_000, 500));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--model", "claude-sonnet-4-5"]);
        await tmux.WaitForAsync("custom-status-line \"used_tokens\":0");
        var first = JsonNode.Parse(File.ReadAllText(Directory.GetFiles(s.Workspace.Path, "status-*.json").ShouldHaveSingleItem()))!;
        ((string?)first["session_id"]).ShouldNotBeNullOrEmpty();
        ((string?)first["transcript_path"])!.ShouldEndWith($"{first["session_id"]}.jsonl");
        ((string?)first["model"]!["id"]).ShouldBe("claude-sonnet-4-5");
        ((string?)first["model"]!["display_name"]).ShouldBe("Sonnet 4.5");
        ((string?)first["workspace"]!["project_dir"]).ShouldBe(s.Workspace.Path);
        ((long)first["context_window"]!["used_tokens"]!).ShouldBe(0);
        ((long)first["context_window"]!["context_window_size"]!).ShouldBe(200_000);
        first["cost"]!["total_cost_usd"].ShouldNotBeNull();
        first["vim"].ShouldBeNull();

        tmux.Type("count");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Counted.");
        await tmux.WaitForAsync("custom-status-line \"used_tokens\":12500");
        var last = JsonNode.Parse(File.ReadAllText(Directory.GetFiles(s.Workspace.Path, "status-*.json").Order(StringComparer.Ordinal).Last()))!;
        ((long)last["context_window"]!["used_tokens"]!).ShouldBe(12_500);
        ((double)last["context_window"]!["used_percentage"]!).ShouldBeInRange(6.2, 6.3);
    }

    [Fact]
    public async Task With_vim_mode_on_the_status_line_is_told_the_mode_and_runs_again_when_it_changes()
    {
        await using var s = await Scenario.StartAsync();
        Directory.CreateDirectory(s.Workspace.ConfigDir);
        File.WriteAllText(Path.Combine(s.Workspace.ConfigDir, "settings.json"), """{"editorMode": "vim"}""");
        s.Workspace.Write(".keel/settings.json", """{"statusLine":{"type":"command","command":"grep -o '\"vim\":{\"mode\":\"[A-Z ]*\"}' | sed 's/^/custom-status /'"}}""");
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForAsync("custom-status \"vim\":{\"mode\":\"INSERT\"}");

        tmux.Type("one two");
        tmux.Keys("Escape");
        await tmux.WaitForAsync("custom-status \"vim\":{\"mode\":\"NORMAL\"}");
        tmux.Type("v");
        await tmux.WaitForAsync("custom-status \"vim\":{\"mode\":\"VISUAL\"}");
        tmux.Keys("Escape");
        await tmux.WaitForAsync("custom-status \"vim\":{\"mode\":\"NORMAL\"}");
        tmux.Type("A");
        await tmux.WaitForAsync("custom-status \"vim\":{\"mode\":\"INSERT\"}");

        // Vim mode off: the JSON has no vim object, the command prints nothing and the usual status bar returns.
        tmux.Keys("C-u");
        tmux.Type("/vim");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Vim mode off");
        await tmux.WaitForAsync(screen => !screen.Contains("custom-status", StringComparison.Ordinal) && screen.Contains(" mode (shift+tab", StringComparison.Ordinal), "the status line without a vim mode");
    }
}
