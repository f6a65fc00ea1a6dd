using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Tools;
using Keel.Terminal.Rendering;
using Keel.Terminal.Rendering.Text;
using Keel.Terminal.Rendering.ToolCards;
using Keel.Tests.Tools;

namespace Keel.Tests.Terminal.Rendering;

public sealed class ToolCardRendererTests
{
    private static readonly RenderOptions Plain = new(Color: false);
    private static readonly IReadOnlyList<ITool> Tools = BuiltInToolsForTests.All();

    internal static ToolUseBlock Call(string name, string json, string id = "t1") =>
        new(id, name, JsonDocument.Parse(json).RootElement.Clone());

    /// <summary>What the built-in tool says about a call, as the pipeline would decode it (working directory /repo).</summary>
    internal static ToolFacets Facets(string tool, string json, string cwd = "/repo") =>
        Tools.Single(t => t.Name == tool).Decode(Call(tool, json).Input, new ToolSession(cwd, [], Path.GetTempPath(), TimeProvider.System)).Input!.Facets;

    [Theory]
    [InlineData("Bash", """{"command":"npm test\nnpm run lint","description":"x"}""", "npm test …")]
    [InlineData("Read", """{"file_path":"/repo/src/a.cs"}""", "src/a.cs")]
    [InlineData("Write", """{"file_path":"/elsewhere/b.txt","content":""}""", "/elsewhere/b.txt")]
    [InlineData("Edit", """{"file_path":"/repo/c.md","old_string":"a","new_string":"b"}""", "c.md")]
    [InlineData("Grep", """{"pattern":"TODO","path":"/repo/src"}""", "TODO in src")]
    [InlineData("Glob", """{"pattern":"**/*.cs"}""", "**/*.cs")]
    [InlineData("WebFetch", """{"url":"https://example.com","prompt":"p"}""", "https://example.com")]
    [InlineData("Agent", """{"description":"Find callers","prompt":"long"}""", "Find callers")]
    [InlineData("BashOutput", """{"bash_id":"bash_2"}""", "bash_2")]
    public void The_header_shows_the_summary_the_tool_gives(string tool, string input, string expected)
    {
        var lines = ToolCardRenderer.RenderRunning(tool, Facets(tool, input), TimeSpan.FromSeconds(1), [], 120, Plain);

        lines.Single().ShouldBe($"◐ {tool}({expected}) · 1s");
    }

    [Fact]
    public void A_running_bash_card_shows_elapsed_time_and_the_output_tail()
    {
        var tail = new[] { "l1", "l2", "l3", "l4", "l5", "l6" };

        var lines = ToolCardRenderer.RenderRunning("Bash", Facets("Bash", """{"command":"make"}"""), TimeSpan.FromSeconds(7), tail, 80, Plain);

        lines.ShouldBe(["◐ Bash(make) · 7s · ctrl+b to run in background", "  ⎿ l2", "    l3", "    l4", "    l5", "    l6"]);
        ToolCardRenderer.RenderRunning("Bash", Facets("Bash", """{"command":"make"}"""), TimeSpan.FromSeconds(1), tail, 80, Plain)[0].ShouldBe("◐ Bash(make) · 1s");
    }

    [Fact]
    public void A_finished_command_card_collapses_its_output()
    {
        var result = ToolResult.Success("a\nb\nc\nd\ne\n");

        var lines = ToolCardRenderer.RenderFinished("Bash", Facets("Bash", """{"command":"ls"}"""), result, ToolCardStatus.Succeeded, TimeSpan.FromMilliseconds(1240), 80, Plain);

        lines.ShouldBe(["✓ Bash(ls) · 1.2s", "  ⎿ a", "    b", "    c", "    … +2 lines (ctrl+o to expand)"]);
    }

    [Fact]
    public void Errors_are_red_and_marked_with_a_cross()
    {
        var result = ToolResult.Error("<tool_use_error>File does not exist.</tool_use_error>");

        var lines = ToolCardRenderer.RenderFinished("Read", Facets("Read", """{"file_path":"x"}"""), result, ToolCardStatus.Failed, TimeSpan.FromMilliseconds(3), 80, new RenderOptions(Color: true));

        lines.ShouldBe(["\e[31m✗\e[0m \e[1mRead\e[0m(x)\e[2m · 3ms\e[0m", "  \e[2m⎿\e[0m \e[31mFile does not exist.\e[0m"]);
    }

    [Fact]
    public void Denied_calls_have_their_own_look_and_say_why()
    {
        var lines = ToolCardRenderer.RenderFinished(
            "Bash", Facets("Bash", """{"command":"rm -rf /"}"""), ToolResult.Error("denied"), ToolCardStatus.Denied, TimeSpan.Zero, 80, Plain, deniedReason: "matched deny rule Bash(rm:*)");

        lines.ShouldBe(["⊘ Bash(rm -rf /)", "  ⎿ Denied: matched deny rule Bash(rm:*)"]);
    }

    [Fact]
    public void Read_and_search_cards_summarise_in_one_line()
    {
        ToolCardRenderer.RenderFinished("Read", Facets("Read", """{"file_path":"a"}"""), ToolResult.Success("1\n2\n3"), ToolCardStatus.Succeeded, TimeSpan.FromSeconds(0.1), 80, Plain)
            .ShouldBe(["✓ Read(a) · 100ms", "  ⎿ Read 3 lines"]);
        ToolCardRenderer.RenderFinished("Grep", Facets("Grep", """{"pattern":"x"}"""), ToolResult.Success("a.cs\nb.cs"), ToolCardStatus.Succeeded, TimeSpan.FromSeconds(0.1), 80, Plain)
            .ShouldBe(["✓ Grep(x) · 100ms", "  ⎿ a.cs (+1 line)"]);
    }

    [Fact]
    public void An_edit_card_shows_the_patch_the_tool_made_at_the_real_line_numbers()
    {
        var facets = Facets("Edit", """{"file_path":"/r/f.txt","old_string":"b","new_string":"B"}""", cwd: "/r");
        var result = ToolResult.Success("ok") with { Display = FilePatchDisplay.Between("/r/f.txt", "a\nb\nc\n", "a\nB\nc\n", created: false) };

        var lines = ToolCardRenderer.RenderFinished("Edit", facets, result, ToolCardStatus.Succeeded, TimeSpan.FromSeconds(0.01), 80, Plain, workingDirectory: "/r");

        lines.ShouldBe(["✓ Edit(f.txt) · 10ms", "  ⎿ Updated f.txt with 1 addition and 1 removal", "    1   a", "    2 - b", "    2 + B", "    3   c"]);
    }

    [Fact]
    public void A_patch_keeps_only_the_changed_lines_and_their_context()
    {
        var before = string.Join('\n', Enumerable.Range(1, 40).Select(i => $"line {i}")) + "\n";
        var after = before.Replace("line 20\n", "line twenty\n", StringComparison.Ordinal);

        var patch = FilePatchDisplay.Between("f", before, after, created: false);

        patch.FirstLineNumber.ShouldBe(20 - FilePatchDisplay.ContextLines);
        patch.OldText.Split('\n').Length.ShouldBe((2 * FilePatchDisplay.ContextLines) + 1);
        patch.NewText.ShouldContain("line twenty");
        patch.NewText.ShouldNotContain("line 1\n");
    }

    [Fact]
    public void A_write_that_created_its_file_is_all_additions()
    {
        var result = ToolResult.Success("ok") with { Display = FilePatchDisplay.Between("n.txt", string.Empty, "one\ntwo\n", created: true) };

        var lines = ToolCardRenderer.RenderFinished("Write", Facets("Write", """{"file_path":"n.txt","content":"one\ntwo\n"}"""), result, ToolCardStatus.Succeeded, TimeSpan.FromSeconds(2), 80, Plain);

        lines.ShouldBe(["✓ Write(n.txt) · 2.0s", "  ⎿ Created n.txt (2 lines)", "    1 + one", "    2 + two"]);
    }

    [Fact]
    public void Long_summaries_are_shortened_to_keep_the_card_on_one_line()
    {
        var lines = ToolCardRenderer.RenderRunning("Bash", Facets("Bash", $$"""{"command":"{{new string('x', 200)}}"}"""), TimeSpan.FromSeconds(1), [], 40, Plain);

        lines.Single().ShouldEndWith("…) · 1s");
        DisplayWidth.Of(lines.Single()).ShouldBe(40);
    }

    [Fact]
    public void Tool_output_cannot_inject_escape_codes()
    {
        var lines = ToolCardRenderer.RenderFinished("Bash", Facets("Bash", """{"command":"x"}"""), ToolResult.Success("\e[2Jcleared\e[31m"), ToolCardStatus.Succeeded, TimeSpan.Zero, 80, Plain);

        lines.ShouldAllBe(l => !l.Contains('\e'));
        lines[1].ShouldBe("  ⎿ cleared");
    }
}
