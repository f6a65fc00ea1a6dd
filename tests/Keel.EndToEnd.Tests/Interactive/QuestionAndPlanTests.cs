using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>AskUserQuestion and ExitPlanMode answered by a person in the terminal.</summary>
public sealed class QuestionAndPlanTests
{
    [Fact]
    public async Task Ask_user_question_shows_a_picker_and_the_chosen_option_reaches_the_model()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("AskUserQuestion", """
                {"questions":[{"question":"Which database should the service use?","header":"Database",
                "options":[{"label":"PostgreSQL","description":"Relational, already in use"},{"label":"SQLite","description":"A single file"}],
                "multiSelect":false}]}
                """),
            Turn.Text("Going with the chosen database."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();

        tmux.Type("set up storage");
        tmux.Keys("Enter");
        var picker = await tmux.WaitForAsync("Which database should the service use?");
        picker.ShouldContain("PostgreSQL");
        picker.ShouldContain("SQLite");
        picker.ShouldContain("Other");
        tmux.Type("2");
        await tmux.WaitForAsync("Going with the chosen database.");

        var result = ToolResults(s.Server.MessageRequests[1]).ShouldHaveSingleItem();
        var text = Scenario.ResultText(result);
        text.ShouldContain("Which database should the service use?");
        text.ShouldContain("SQLite");
        text.ShouldNotContain("PostgreSQL");
        s.AssertInvariants();
    }

    [Fact]
    public async Task An_approved_plan_switches_to_accept_edits_and_the_edit_runs_without_asking()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("ExitPlanMode", """{"plan":"1. Create notes.txt with a greeting."}"""),
            Turn.ToolUse("Write", """{"file_path":"notes.txt","content":"hello\n"}"""),
            Turn.Text("Plan carried out."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--permission-mode", "plan"]);
        await tmux.WaitForReadyAsync();

        tmux.Type("plan the notes file");
        tmux.Keys("Enter");
        var review = await tmux.WaitForAsync("Create notes.txt with a greeting.");
        review.ShouldContain("auto-accept edits");
        tmux.Type("1");

        // Had the mode stayed "plan" or "default", the Write would be refused or would open a dialog.
        var screen = await tmux.WaitForAsync("Plan carried out.");
        screen.ShouldNotContain("allow this call?");
        s.Workspace.Read("notes.txt").ShouldBe("hello\n");
        screen.ShouldContain("acceptEdits mode");
    }

    private static List<JsonNode> ToolResults(Keel.Testing.FakeServer.RecordedRequest request) =>
        [.. request.Messages!.SelectMany(m => m!["content"] is JsonArray blocks ? blocks : []).Where(b => (string?)b!["type"] == "tool_result").Select(static b => b!)];
}
