using System.Globalization;
using System.Text;
using AngleSharp.Dom;

namespace Keel.Tools.Web;

public static partial class HtmlToMarkdown
{
    /// <summary>Walks the DOM writing Markdown; tracks list nesting and whether we are inside pre.</summary>
    private sealed class ConvertContext(StringBuilder output, Uri? baseUri)
    {
        private int _listDepth;

        public void Children(INode node)
        {
            foreach (var child in node.ChildNodes)
            {
                Node(child);
            }
        }

        private void Node(INode node)
        {
            switch (node)
            {
                case IText text:
                    var collapsed = Collapse(text.Data);
                    if (collapsed.Length > 0 && !(collapsed == " " && (output.Length == 0 || output[^1] is '\n' or ' ')))
                    {
                        output.Append(collapsed.TrimStart(output.Length == 0 || output[^1] == '\n' ? ' ' : '\0'));
                    }

                    break;
                case IElement element when !IsDropped(element):
                    Element(element);
                    break;
            }
        }

        private void Element(IElement element)
        {
            var name = element.LocalName;
            switch (name)
            {
                case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    BlockBreak();
                    output.Append('#', name[1] - '0').Append(' ').Append(Inline(element)).Append("\n\n");
                    break;
                case "br":
                    output.Append('\n');
                    break;
                case "hr":
                    BlockBreak();
                    output.Append("---\n\n");
                    break;
                case "pre":
                    BlockBreak();
                    var language = element.QuerySelector("code")?.ClassList.FirstOrDefault(static c => c.StartsWith("language-", StringComparison.Ordinal))?["language-".Length..] ?? string.Empty;
                    output.Append("```").Append(language).Append('\n').Append(element.TextContent.TrimEnd('\n')).Append("\n```\n\n");
                    break;
                case "code" or "kbd" or "samp":
                    output.Append('`').Append(element.TextContent.Replace('`', '\'')).Append('`');
                    break;
                case "a":
                    Link(element);
                    break;
                case "img":
                    var alt = element.GetAttribute("alt");
                    if (!string.IsNullOrWhiteSpace(alt))
                    {
                        output.Append("![").Append(alt.Trim()).Append("](").Append(Resolve(element.GetAttribute("src"))).Append(')');
                    }

                    break;
                case "strong" or "b":
                    Wrap(element, "**");
                    break;
                case "em" or "i":
                    Wrap(element, "*");
                    break;
                case "ul" or "ol":
                    List(element, name == "ol");
                    break;
                case "blockquote":
                    BlockBreak();
                    foreach (var line in Inline(element).Split('\n'))
                    {
                        output.Append("> ").Append(line).Append('\n');
                    }

                    output.Append('\n');
                    break;
                case "table":
                    Table(element);
                    break;
                default:
                    var block = Blocks.Contains(name);
                    if (block)
                    {
                        BlockBreak();
                    }

                    Children(element);
                    if (block)
                    {
                        output.Append("\n\n");
                    }

                    break;
            }
        }

        private void Link(IElement element)
        {
            var text = Inline(element).Trim();
            var href = element.GetAttribute("href");
            if (string.IsNullOrWhiteSpace(href) || href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || text.Length == 0)
            {
                output.Append(text);
                return;
            }

            output.Append('[').Append(text).Append("](").Append(Resolve(href)).Append(')');
        }

        private void Wrap(IElement element, string marker)
        {
            var text = Inline(element).Trim();
            if (text.Length > 0)
            {
                output.Append(marker).Append(text).Append(marker);
            }
        }

        private void List(IElement list, bool ordered)
        {
            if (_listDepth == 0)
            {
                BlockBreak();
            }
            else if (output.Length > 0 && output[^1] != '\n')
            {
                output.Append('\n');
            }

            _listDepth++;
            var number = 1;
            foreach (var item in list.Children.Where(static c => c.LocalName == "li"))
            {
                output.Append(' ', (_listDepth - 1) * 2).Append(ordered ? string.Create(CultureInfo.InvariantCulture, $"{number++}. ") : "- ");
                Children(item);
                if (output[^1] != '\n')
                {
                    output.Append('\n');
                }
            }

            _listDepth--;
            if (_listDepth == 0)
            {
                output.Append('\n');
            }
        }

        private void Table(IElement table)
        {
            BlockBreak();
            var rows = table.QuerySelectorAll("tr").ToList();
            if (rows.Count == 0)
            {
                return;
            }

            var width = rows.Max(static r => r.Children.Count(static c => c.LocalName is "td" or "th"));
            for (var i = 0; i < rows.Count; i++)
            {
                var cells = rows[i].Children.Where(static c => c.LocalName is "td" or "th").Select(c => Inline(c).Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ').Trim()).ToList();
                while (cells.Count < width)
                {
                    cells.Add(string.Empty);
                }

                output.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");
                if (i == 0)
                {
                    output.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", width))).Append('\n');
                }
            }

            output.Append('\n');
        }

        private string Inline(IElement element)
        {
            var inner = new ConvertContext(new StringBuilder(), baseUri) { _listDepth = _listDepth };
            inner.Children(element);
            return Tidy(inner.Output.ToString());
        }

        private StringBuilder Output => output;

        private string Resolve(string? href) =>
            href is null ? string.Empty : baseUri is not null && Uri.TryCreate(baseUri, href, out var absolute) ? absolute.ToString() : href;

        private void BlockBreak()
        {
            if (output.Length > 0 && output[^1] != '\n')
            {
                output.Append("\n\n");
            }
        }
    }
}
