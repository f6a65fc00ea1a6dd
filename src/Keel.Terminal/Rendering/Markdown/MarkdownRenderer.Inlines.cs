using System.Text;
using Keel.Terminal.Rendering.Text;
using Markdig.Syntax.Inlines;

namespace Keel.Terminal.Rendering.Markdown;

public sealed partial class MarkdownRenderer
{
    /// <summary>Inline content as one styled string; hard line breaks become '\n'.</summary>
    private string RenderInlines(ContainerInline? inlines)
    {
        if (inlines is null)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        var stack = new List<string>();
        AppendInlines(inlines, builder, stack);
        return builder.ToString();
    }

    private void AppendInlines(ContainerInline container, StringBuilder builder, List<string> stack)
    {
        foreach (var inline in container)
        {
            AppendInline(inline, builder, stack);
        }
    }

    private void AppendInline(Inline inline, StringBuilder builder, List<string> stack)
    {
        switch (inline)
        {
            case LiteralInline literal:
                builder.Append(DisplayWidth.Sanitize(literal.Content.ToString()));
                break;
            case CodeInline code:
                if (_style.Color)
                {
                    Styled(builder, stack, Sgr.Cyan, () => builder.Append(DisplayWidth.Sanitize(code.Content)));
                }
                else
                {
                    builder.Append('`').Append(DisplayWidth.Sanitize(code.Content)).Append('`');
                }

                break;
            case EmphasisInline emphasis:
                var sgr = emphasis.DelimiterChar == '~' ? Sgr.Strike : emphasis.DelimiterCount >= 2 ? Sgr.Bold : Sgr.Italic;
                Styled(builder, stack, sgr, () => AppendInlines(emphasis, builder, stack));
                break;
            case LinkInline link:
                AppendLink(link, builder, stack);
                break;
            case AutolinkInline autolink:
                Styled(builder, stack, Sgr.Blue + Sgr.Underline, () => builder.Append(DisplayWidth.Sanitize(autolink.Url)));
                break;
            case LineBreakInline lineBreak:
                builder.Append(lineBreak.IsHard ? '\n' : ' ');
                break;
            case HtmlEntityInline entity:
                builder.Append(entity.Transcoded.ToString());
                break;
            case HtmlInline html:
                builder.Append(DisplayWidth.Sanitize(html.Tag));
                break;
            case ContainerInline other:
                AppendInlines(other, builder, stack);
                break;
        }
    }

    private void AppendLink(LinkInline link, StringBuilder builder, List<string> stack)
    {
        var url = DisplayWidth.Sanitize(link.Url ?? string.Empty);
        var textStart = builder.Length;
        if (link.IsImage)
        {
            builder.Append("[image: ");
            AppendInlines(link, builder, stack);
            builder.Append(']');
        }
        else
        {
            Styled(builder, stack, Sgr.Blue, () => AppendInlines(link, builder, stack));
        }

        var text = DisplayWidth.StripAnsi(builder.ToString(textStart, builder.Length - textStart));
        if (url.Length > 0 && !string.Equals(text, url, StringComparison.Ordinal))
        {
            builder.Append(' ');
            Styled(builder, stack, Sgr.Dim, () => builder.Append('(').Append(url).Append(')'));
        }
    }

    /// <summary>Opens a style, writes the content, then closes it and restores the styles still open around it.</summary>
    private void Styled(StringBuilder builder, List<string> stack, string sgr, Action content)
    {
        if (!_style.Color)
        {
            content();
            return;
        }

        builder.Append(sgr);
        stack.Add(sgr);
        content();
        stack.RemoveAt(stack.Count - 1);
        builder.Append(Sgr.Reset);
        foreach (var outer in stack)
        {
            builder.Append(outer);
        }
    }
}
