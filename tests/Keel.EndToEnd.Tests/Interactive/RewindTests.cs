using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>Esc Esc and /rewind: earlier prompts with the files changed since, and code, conversation or both restored.</summary>
public sealed class RewindTests
{
    private static readonly string[] AcceptEdits = ["--permission-mode", "acceptEdits"];

    private static ScriptedTurn WriteFile(string path, string content) =>
        Turn.ToolUse("Write", $$"""{"file_path":"{{path}}","content":"{{content}}"}""");

    /// <summary>Keel's Write overwrites only a file read in the session, as a model does it.</summary>
    private static ScriptedTurn ReadFile(string path) => Turn.ToolUse("Read", $$"""{"file_path":"{{path}}"}""");

    private static async Task SendAsync(TmuxTerminal tmux, string prompt, string answer)
    {
        tmux.Type(prompt);
        tmux.Keys("Enter");
        await tmux.WaitForAsync(answer);
        await tmux.WaitForReadyAsync();
    }

    private static async Task ExitAsync(TmuxTerminal tmux)
    {
        tmux.Keys("C-c");
        await tmux.WaitForReadyAsync();
        tmux.Keys("C-d");
        await tmux.WaitForAsync("KEEL_EXITED 0");
    }

    [Fact]
    public async Task Rewinding_code_and_conversation_to_the_first_prompt_puts_both_files_back_and_c_continues_from_there()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("a.txt", "alpha\n");
        s.Workspace.Write("b.txt", "beta\n");
        s.Script(ReadFile("a.txt"), WriteFile("a.txt", "ALPHA\\n"), Turn.Text("Changed a."), ReadFile("b.txt"), WriteFile("b.txt", "BETA\\n"), Turn.Text("Changed b."), Turn.Text("Continued."));
        using (var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, AcceptEdits))
        {
            await tmux.WaitForReadyAsync();
            await SendAsync(tmux, "change a", "Changed a.");
            await SendAsync(tmux, "change b", "Changed b.");
            s.Workspace.Read("a.txt").ShouldBe("ALPHA\n");
            s.Workspace.Read("b.txt").ShouldBe("BETA\n");

            tmux.Keys("Escape");
            tmux.Keys("Escape");
            var picker = await tmux.WaitForAsync("Rewind to before which prompt?");
            picker.ShouldContain("2 files changed since +2 -2");
            picker.ShouldContain("Changes made through Bash are not tracked");
            tmux.Type("1");
            var what = await tmux.WaitForAsync("Rewind what?");
            what.ShouldContain("a.txt +1 -1");
            tmux.Type("1");
            var report = await tmux.WaitForAsync("Rewound: the conversation continues");
            report.ShouldContain("Restored a.txt +1 -1");
            report.ShouldContain("Restored b.txt +1 -1");
            await ExitAsync(tmux);
        }

        s.Workspace.Read("a.txt").ShouldBe("alpha\n");
        s.Workspace.Read("b.txt").ShouldBe("beta\n");
        var result = await s.RunAsync("-c", "-p", "after the rewind");
        result.ExitCode.ShouldBe(0, result.ToString());
        var sent = s.Server.MessageRequests[^1].Messages!;
        sent.Count.ShouldBe(1);
        sent.ToJsonString().ShouldNotContain("change a");
    }

    [Fact]
    public async Task A_conversation_only_rewind_leaves_the_files_as_Keel_left_them()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("a.txt", "alpha\n");
        s.Script(ReadFile("a.txt"), WriteFile("a.txt", "ALPHA\\n"), Turn.Text("Changed a."), Turn.Text("Fresh answer."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, AcceptEdits);
        await tmux.WaitForReadyAsync();
        await SendAsync(tmux, "change a", "Changed a.");

        tmux.Keys("Escape");
        tmux.Keys("Escape");
        await tmux.WaitForAsync("Rewind to before which prompt?");
        tmux.Type("1");
        await tmux.WaitForAsync("Rewind what?");
        tmux.Type("2");
        var screen = await tmux.WaitForAsync("Rewound: the conversation continues");

        screen.ShouldNotContain("Restored a.txt");
        s.Workspace.Read("a.txt").ShouldBe("ALPHA\n");
        // The rewound prompt is back in the editor: Enter sends it again to a conversation without the first try.
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Fresh answer.");
        await tmux.WaitForReadyAsync();
        var sent = s.Server.MessageRequests[^1].Messages!;
        sent.Count.ShouldBe(1);
        sent.ToJsonString().ShouldContain("change a");
        await ExitAsync(tmux);
    }

    [Fact]
    public async Task A_file_changed_outside_Keel_is_overwritten_only_after_the_user_confirms()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("a.txt", "alpha\n");
        s.Script(ReadFile("a.txt"), WriteFile("a.txt", "ALPHA\\n"), Turn.Text("Changed a."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, AcceptEdits);
        await tmux.WaitForReadyAsync();
        await SendAsync(tmux, "change a", "Changed a.");
        s.Workspace.Write("a.txt", "my own edit\n");

        tmux.Keys("Escape");
        tmux.Keys("Escape");
        await tmux.WaitForAsync("Rewind to before which prompt?");
        tmux.Type("1");
        (await tmux.WaitForAsync("Rewind what?")).ShouldContain("(changed outside Keel)");
        tmux.Type("3");
        await tmux.WaitForAsync("changed outside Keel since Keel last wrote them. Overwrite them?");
        tmux.Type("3");
        await tmux.WaitForAsync("Rewind cancelled; nothing changed.");
        s.Workspace.Read("a.txt").ShouldBe("my own edit\n");

        tmux.Type("/rewind");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Rewind to before which prompt?");
        tmux.Type("1");
        await tmux.WaitForAsync("Rewind what?");
        tmux.Type("3");
        await tmux.WaitForAsync("Overwrite them?");
        tmux.Type("1");
        (await tmux.WaitForAsync("The conversation stays as it is.")).ShouldContain("Restored a.txt");
        s.Workspace.Read("a.txt").ShouldBe("alpha\n");
        await ExitAsync(tmux);
    }

    [Fact]
    public async Task Checkpoints_survive_continue_and_code_is_restored_in_the_next_run()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(WriteFile("new.txt", "created\\n"), Turn.Text("Created it."));
        var first = await s.RunAsync("-p", "create new.txt", "--permission-mode", "acceptEdits");
        first.ExitCode.ShouldBe(0, first.ToString());
        s.Workspace.Read("new.txt").ShouldBe("created\n");

        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["-c"]);
        await tmux.WaitForReadyAsync();
        tmux.Keys("Escape");
        tmux.Keys("Escape");
        (await tmux.WaitForAsync("Rewind to before which prompt?")).ShouldContain("create new.txt");
        tmux.Type("1");
        await tmux.WaitForAsync("Rewind what?");
        tmux.Type("3");
        (await tmux.WaitForAsync("The conversation stays as it is.")).ShouldContain("Deleted new.txt");
        s.Workspace.Exists("new.txt").ShouldBeFalse();
        await ExitAsync(tmux);
    }
}
