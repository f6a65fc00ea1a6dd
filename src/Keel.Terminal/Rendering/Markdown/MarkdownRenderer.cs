using Keel.Terminal.Rendering.Code;
using Keel.Terminal.Rendering.Text;
using Markdig;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace Keel.Terminal.Rendering.Markdown;

/// <summary>Renders a finished piece of Markdown to terminal lines wrapped to a width. Stateless apart from options.</summary>
public sealed partial class MarkdownRenderer
{
    private static readonly Lazy<MarkdownPipeline> Pipeline = new(static () => new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
        .Build());

    private readonly Styler _style;

    public MarkdownRenderer(RenderOptions options)
    {
        _style = new Styler(options);
    }

    public IReadOnlyList<string> Render(string markdown, int width)
    {
        // Escapes in the model's text must not reach the terminal; Markdig would split them across inlines.
        var document = Markdig.Markdown.Parse(DisplayWidth.Sanitize(markdown), Pipeline.Value);
        var output = new List<string>();
        RenderBlocks(document, Math.Max(10, width), string.Empty, string.Empty, output, depth: 0, tight: false);
        return output;
    }

    private static string BlankLine(string prefix) =>
        string.IsNullOrWhiteSpace(DisplayWidth.StripAnsi(prefix)) ? string.Empty : prefix;

    private void RenderBlocks(ContainerBlock container, int width, string first, string rest, List<string> output, int depth, bool tight)
    {
        var start = output.Count;
        foreach (var block in container)
        {
            if (block is LinkReferenceDefinitionGroup)
            {
                continue;
            }

            if (output.Count > start && !tight)
            {
                output.Add(BlankLine(rest));
            }

            var lead = output.Count > start ? rest : first;
            RenderBlock(block, width, lead, rest, output, depth);
        }
    }

    private void RenderBlock(Block block, int width, string first, string rest, List<string> output, int depth)
    {
        switch (block)
        {
            case HeadingBlock heading:
                RenderHeading(heading, width, first, rest, output);
                break;
            case ParagraphBlock paragraph:
                WrapText(RenderInlines(paragraph.Inline), width, first, rest, output);
                break;
            case ListBlock list:
                RenderList(list, width, first, rest, output, depth);
                break;
            case QuoteBlock quote:
                var bar = _style.Color ? _style.Dim(_style.Glyph("│", "|")) + " " : "> ";
                RenderBlocks(quote, width, first + bar, rest + bar, output, depth, tight: false);
                break;
            case ThematicBreakBlock:
                var ruleWidth = Math.Max(3, width - DisplayWidth.Of(first));
                output.Add(first + _style.Dim(new string(_style.Unicode ? '─' : '-', ruleWidth)));
                break;
            case Table table:
                RenderTable(table, width, first, rest, output);
                break;
            case FencedCodeBlock fenced:
                RenderCode(fenced.Lines.ToString(), fenced.Info, width, first, rest, output);
                break;
            case CodeBlock code:
                RenderCode(code.Lines.ToString(), null, width, first, rest, output);
                break;
            case LeafBlock leaf:
                WrapText(DisplayWidth.Sanitize(leaf.Lines.ToString().Replace("\r", string.Empty, StringComparison.Ordinal)), width, first, rest, output);
                break;
            case ContainerBlock other:
                RenderBlocks(other, width, first, rest, output, depth, tight: false);
                break;
        }
    }

    private void RenderHeading(HeadingBlock heading, int width, string first, string rest, List<string> output)
    {
        var text = RenderInlines(heading.Inline);
        if (!_style.Color)
        {
            WrapText(new string('#', heading.Level) + " " + text, width, first, rest, output);
            return;
        }

        var style = heading.Level switch
        {
            1 => Sgr.Bold + Sgr.Underline,
            2 => Sgr.Bold,
            _ => Sgr.Bold + Sgr.Italic,
        };
        WrapText(style + text.Replace(Sgr.Reset, Sgr.Reset + style, StringComparison.Ordinal) + Sgr.Reset, width, first, rest, output);
    }

    private void RenderList(ListBlock list, int width, string first, string rest, List<string> output, int depth)
    {
        var number = list.IsOrdered && int.TryParse(list.OrderedStart, out var parsed) ? parsed : 1;
        var markerWidth = list.IsOrdered ? $"{number + list.Count - 1}.".Length : 1;
        var bullet = depth switch
        {
            0 => _style.Glyph("•", "-"),
            1 => _style.Glyph("◦", "*"),
            _ => _style.Glyph("▪", "+"),
        };
        var lead = first;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            if (lead != first && list.IsLoose)
            {
                output.Add(BlankLine(rest));
            }

            var marker = list.IsOrdered ? $"{number}{list.OrderedDelimiter}".PadLeft(markerWidth) : bullet;
            var styledMarker = list.IsOrdered ? marker : _style.Dim(marker);
            var indent = new string(' ', markerWidth + 1);
            if (item.Count == 0)
            {
                output.Add(lead + styledMarker);
            }
            else
            {
                RenderBlocks(item, width, lead + styledMarker + " ", rest + indent, output, depth + 1, tight: !list.IsLoose);
            }

            number++;
            lead = rest;
        }
    }

    private void RenderCode(string code, string? language, int width, string first, string rest, List<string> output)
    {
        var lines = SyntaxHighlighter.Highlight(DisplayWidth.Sanitize(code.Replace("\r\n", "\n", StringComparison.Ordinal)), language, _style.Options);
        var lead = first;
        foreach (var line in lines)
        {
            AnsiWrapper.Wrap(line, width, output, lead + "  ", rest + "  ", words: false, tokens: true);
            lead = rest;
        }
    }

    private static void WrapText(string text, int width, string first, string rest, List<string> output)
    {
        var lead = first;
        foreach (var line in text.Split('\n'))
        {
            AnsiWrapper.Wrap(line, width, output, lead, rest);
            lead = rest;
        }
    }
}
