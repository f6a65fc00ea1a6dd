using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Commands;

public sealed class CustomCommandTests
{
    [Theory]
    [InlineData(".keel")]
    [InlineData(".claude")]
    public async Task A_command_file_runs_as_the_prompt_with_its_arguments_and_model(string dir)
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write($"{dir}/commands/review.md", "---\ndescription: Review a file\nmodel: haiku\n---\nReview $1 with focus on $2. All: $ARGUMENTS");
        s.Script(Turn.Text("Reviewed."));

        var result = await s.RunAsync("-p", "/review src/app.py \"error handling\"");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("Reviewed.");
        var request = s.Server.MessageRequests.ShouldHaveSingleItem();
        RequestText.FirstUser(request).ShouldBe("Review src/app.py with focus on error handling. All: src/app.py \"error handling\"");
        request.Model.ShouldNotBeNull().ShouldContain("haiku");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_subfolder_namespaces_the_command()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".claude/commands/git/summary.md", "Summarise the branch. $ARGUMENTS");
        s.Script(Turn.Text("ok"));

        var result = await s.RunAsync("-p", "/git:summary since monday");

        result.ExitCode.ShouldBe(0, result.ToString());
        RequestText.FirstUser(s.Server.MessageRequests[0]).ShouldBe("Summarise the branch. since monday");
    }

    [Fact]
    public async Task A_shell_line_allowed_by_the_commands_allowed_tools_is_replaced_by_its_output_and_the_rule_holds_for_the_turn()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/commands/ship.md", "---\nallowed-tools: Bash(echo:*)\n---\nBranch: !`echo feature-x`\nShip it.");
        s.Script(Turn.ToolUse("Bash", """{"command":"echo shipping"}"""), Turn.Text("Shipped."));

        var result = await s.RunAsync("-p", "/ship");

        result.ExitCode.ShouldBe(0, result.ToString());
        RequestText.FirstUser(s.Server.MessageRequests[0]).ShouldBe("Branch: feature-x\nShip it.");
        var toolResult = Scenario.LastToolResults(s.Server.MessageRequests[1]).Single();
        toolResult["is_error"]?.GetValue<bool>().ShouldNotBe(true);
        Scenario.ResultText(toolResult).ShouldContain("shipping");
    }

    [Fact]
    public async Task A_shell_line_the_permissions_do_not_allow_is_reported_in_the_prompt_and_not_run()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/commands/bad.md", "Before: !`touch pwned.txt`\nContinue.");
        s.Script(Turn.Text("ok"));

        var result = await s.RunAsync("-p", "/bad");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("pwned.txt").ShouldBeFalse();
        var prompt = RequestText.FirstUser(s.Server.MessageRequests[0]);
        prompt.ShouldContain("[!`touch pwned.txt` was not run:");
        prompt.ShouldContain("Continue.");
    }

    [Fact]
    public async Task At_file_inlines_the_file()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("notes.md", "remember the milk");
        s.Workspace.Write(".claude/commands/explain.md", "Explain @$1 please");
        s.Script(Turn.Text("ok"));

        var result = await s.RunAsync("-p", "/explain notes.md");

        result.ExitCode.ShouldBe(0, result.ToString());
        RequestText.FirstUser(s.Server.MessageRequests[0]).ShouldContain("<file path=\"notes.md\">\nremember the milk\n</file>");
    }

    [Fact]
    public async Task An_unknown_command_is_an_error_naming_close_commands_and_nothing_is_sent()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/commands/review.md", "Review.");

        var result = await s.RunAsync("-p", "/reveiw now");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("Unknown command /reveiw");
        result.Stderr.ShouldContain("/review");
        s.Server.MessageRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Help_lists_built_ins_and_custom_commands_with_their_sources_and_conflicts()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/commands/review.md", "---\ndescription: Review the diff\nargument-hint: [file]\n---\nReview.");
        s.Workspace.Write(".keel/commands/cost.md", "A file that tries to replace a built-in.");
        File.WriteAllText(EnsureDir(Path.Combine(s.Workspace.Home, ".claude", "commands", "review.md")), "user review");

        var result = await s.RunAsync("-p", "/help");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("/review [file]");
        result.Stdout.ShouldContain("Review the diff (project) [project]");
        result.Stdout.ShouldContain("/compact [focus]");
        result.Stdout.ShouldContain("[built-in]");
        result.Stdout.ShouldContain("/cost from project is hidden by the one from built-in.");
        result.Stdout.ShouldContain("/review from user is hidden by the one from project.");
        s.Server.MessageRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Built_in_text_commands_answer_without_the_model_in_json_too()
    {
        await using var s = await Scenario.StartAsync();

        var result = await s.RunAsync("-p", "/status", "--output-format", "json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var json = Scenario.ParseJson(result);
        json["result"]!.GetValue<string>().ShouldContain("Permission mode: default");
        s.Server.MessageRequests.ShouldBeEmpty();
    }

    private static string EnsureDir(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return file;
    }
}
