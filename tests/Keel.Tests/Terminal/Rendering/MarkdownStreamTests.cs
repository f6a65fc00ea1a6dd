using System.Diagnostics;
using System.Text;
using Keel.Terminal.Rendering;
using Keel.Terminal.Rendering.Markdown;

namespace Keel.Tests.Terminal.Rendering;

public sealed class MarkdownStreamTests
{
    private const string Answer =
        "# Plan\n\nFirst a paragraph that\nspans two lines.\n\n- one\n- two\n  - nested\n\n```cs\nvar x = 1;\n\n// blank line above stays inside\n```\n" +
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n> quote\n\n## Done\nTrailing text without newline";

    private static readonly MarkdownRenderer Renderer = new(new RenderOptions(Color: true));

    private static List<string> Blocks(IEnumerable<string> deltas)
    {
        var stream = new MarkdownStream();
        var blocks = new List<string>();
        foreach (var delta in deltas)
        {
            stream.Append(delta);
            blocks.AddRange(stream.TakeFinishedBlocks());
        }

        stream.Finish();
        blocks.AddRange(stream.TakeFinishedBlocks());
        return blocks;
    }

    [Fact]
    public void Blocks_are_committed_when_complete()
    {
        var blocks = Blocks([Answer]);

        blocks.ShouldBe([
            "# Plan\n",
            "First a paragraph that\nspans two lines.\n",
            "- one\n- two\n  - nested\n",
            "```cs\nvar x = 1;\n\n// blank line above stays inside\n```\n",
            "| a | b |\n|---|---|\n| 1 | 2 |\n",
            "> quote\n",
            "## Done\n",
            "Trailing text without newline\n",
        ]);
    }

    [Fact]
    public void Splitting_the_answer_at_any_point_gives_the_same_blocks()
    {
        var whole = Blocks([Answer]);
        for (var cut = 1; cut < Answer.Length; cut++)
        {
            Blocks([Answer[..cut], Answer[cut..]]).ShouldBe(whole, $"cut at {cut}");
        }

        Blocks(Answer.Select(c => c.ToString())).ShouldBe(whole);
    }

    [Fact]
    public void A_paragraph_stays_live_until_a_blank_line_ends_it()
    {
        var stream = new MarkdownStream();
        stream.Append("Hello **wor");

        stream.TakeFinishedBlocks().ShouldBeEmpty();
        stream.RenderTail(Renderer, 80).ShouldBe(["Hello **wor"]);

        stream.Append("ld**\n\nNext");
        stream.TakeFinishedBlocks().ShouldBe(["Hello **world**\n"]);
        stream.RenderTail(Renderer, 80).ShouldBe(["Next"]);
    }

    [Fact]
    public void An_open_code_fence_renders_live_as_code_even_when_its_start_scrolled_out_of_the_window()
    {
        var stream = new MarkdownStream();
        stream.Append("```python\n");
        for (var i = 0; i < 500; i++)
        {
            stream.Append($"x{i} = {i}  # note\n");
        }

        stream.TakeFinishedBlocks().ShouldBeEmpty();
        var live = stream.RenderTail(Renderer, 80);

        live.Count.ShouldBe(MarkdownStream.MaxLiveLines);
        live[^1].ShouldBe("  x499 = \e[33m499\e[0m  \e[90m# note\e[0m");
    }

    [Fact]
    public void Ten_megabytes_in_ten_thousand_deltas_costs_linear_work()
    {
        var chunk = new StringBuilder();
        chunk.Append("## Section\n\nSome *text* with `code` and a [link](http://x).\nMore of the same paragraph here.\n\n");
        chunk.Append("- item one\n- item two\n\n```js\nconst a = 1; // c\n\nlet b = \"s\";\n```\n\n");
        chunk.Append("| a | b |\n|---|---|\n| 1 | 2 |\n\n");
        var unit = chunk.ToString();
        var text = new StringBuilder();
        while (text.Length < 10 * 1024 * 1024)
        {
            text.Append(unit);
        }

        var answer = text.ToString();
        var deltaSize = answer.Length / 10_000;
        var stream = new MarkdownStream();
        var committedLines = 0;
        var watch = Stopwatch.StartNew();
        for (var offset = 0; offset < answer.Length; offset += deltaSize)
        {
            stream.Append(answer.Substring(offset, Math.Min(deltaSize, answer.Length - offset)));
            stream.RenderTail(Renderer, 100);
            var blocks = stream.TakeFinishedBlocks();
            if (blocks.Count > 0)
            {
                // As the view does: the blocks finished in one frame are rendered together.
                committedLines += Renderer.Render(string.Join("\n", blocks), 100).Count;
            }
        }

        stream.Finish();
        watch.Stop();

        // Input + every committed block once + a bounded live window per delta: a quadratic splitter would be ~10^4 times this.
        stream.WorkUnits.ShouldBeLessThan((2L * answer.Length) + (10_001L * MarkdownStream.LiveWindowChars));
        committedLines.ShouldBeGreaterThan(500_000);
        // Wall time only guards against hangs: the machine is shared, so the work counter above is the real check.
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void A_single_huge_line_streams_without_rescanning()
    {
        var stream = new MarkdownStream();
        var delta = new string('a', 1000);
        for (var i = 0; i < 10_000; i++)
        {
            stream.Append(delta);
            stream.RenderTail(Renderer, 100).Count.ShouldBeLessThanOrEqualTo(MarkdownStream.MaxLiveLines);
        }

        stream.WorkUnits.ShouldBeLessThan((10_000L * 1000) + (10_000L * MarkdownStream.LiveWindowChars));
        stream.Finish();
        stream.TakeFinishedBlocks().Single().Length.ShouldBe((10_000 * 1000) + 1);
    }
}
