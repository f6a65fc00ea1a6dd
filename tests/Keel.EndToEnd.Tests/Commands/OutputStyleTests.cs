using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Commands;

public sealed class OutputStyleTests
{
    [Fact]
    public async Task A_built_in_style_chosen_in_settings_goes_into_the_system_prompt()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/settings.json", """{"outputStyle":"Explanatory"}""");
        s.Script(Turn.Text("ok"));

        var result = await s.RunAsync("-p", "hello");

        result.ExitCode.ShouldBe(0, result.ToString());
        RequestText.System(s.Server.MessageRequests[0]).ShouldContain("# Output style: Explanatory");
    }

    [Theory]
    [InlineData(".keel")]
    [InlineData(".claude")]
    public async Task Output_style_selects_a_project_style_which_the_next_run_uses(string dir)
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write($"{dir}/output-styles/terse.md", "---\nname: Terse\ndescription: One line answers\n---\nAnswer in one line, no preamble.");
        s.Script(Turn.Text("ok"));

        var list = await s.RunAsync("-p", "/output-style");
        var select = await s.RunAsync("-p", "/output-style terse");
        var run = await s.RunAsync("-p", "hello");

        list.Stdout.ShouldContain("* default");
        list.Stdout.ShouldContain("Terse — One line answers [project]");
        select.ExitCode.ShouldBe(0, select.ToString());
        s.Workspace.Read(".keel/settings.local.json").ShouldContain("\"outputStyle\": \"Terse\"");
        run.ExitCode.ShouldBe(0, run.ToString());
        var system = RequestText.System(s.Server.MessageRequests.ShouldHaveSingleItem());
        system.ShouldContain("# Output style: Terse");
        system.ShouldContain("Answer in one line, no preamble.");
    }

    [Fact]
    public async Task An_unknown_style_is_a_warning_and_the_default_is_used()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/settings.json", """{"outputStyle":"nope"}""");
        s.Script(Turn.Text("ok"));

        var result = await s.RunAsync("-p", "hello");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stderr.ShouldContain("outputStyle \"nope\" is not a known output style");
        RequestText.System(s.Server.MessageRequests[0]).ShouldNotContain("# Output style");
    }
}
