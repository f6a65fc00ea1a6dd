using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Keel.Tools.Web;

/// <summary>
/// Converts an HTML page to Markdown for the model: headings, paragraphs, links, lists, code, tables
/// and quotes; scripts, styles, navigation and other page chrome are dropped.
/// </summary>
public static partial class HtmlToMarkdown
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "svg", "iframe", "head", "select", "input", "canvas",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "figure", "figcaption", "dl", "dt", "dd", "details", "summary", "address",
    };

    public static string Convert(string html, Uri? baseUri = null)
    {
        var document = new HtmlParser().ParseDocument(html);
        var output = new StringBuilder();
        var title = document.Title?.Trim();
        var root = (INode?)document.Body ?? document.DocumentElement;
        var context = new ConvertContext(output, baseUri);
        if (root is not null)
        {
            context.Children(root);
        }

        var body = Tidy(output.ToString());
        return string.IsNullOrEmpty(title) || body.StartsWith("# ", StringComparison.Ordinal) ? body : $"# {title}\n\n{body}";
    }

    /// <summary>Collapses runs of blank lines and trims trailing spaces.</summary>
    private static string Tidy(string text)
    {
        var lines = text.Split('\n');
        var result = new StringBuilder(text.Length);
        var blank = 0;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.Length == 0)
            {
                blank++;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append(blank > 0 ? "\n\n" : "\n");
            }

            blank = 0;
            result.Append(line);
        }

        return result.ToString();
    }

    private static bool IsDropped(IElement element) =>
        Dropped.Contains(element.LocalName)
        || element.HasAttribute("hidden")
        || string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase)
        || string.Equals(element.GetAttribute("role"), "navigation", StringComparison.OrdinalIgnoreCase);

    private static string Collapse(string text)
    {
        var result = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                result.Append(' ');
            }

            space = false;
            result.Append(c);
        }

        if (space && (result.Length == 0 || result[^1] != ' '))
        {
            result.Append(' ');
        }

        return result.ToString();
    }
}
