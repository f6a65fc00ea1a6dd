using System.Text;
using Keel.Terminal.Rendering.Text;

namespace Keel.Terminal.Rendering.Code;

/// <summary>Colours code for the common languages (C#, JS/TS, Python, Bash, JSON, Go, Rust); others stay plain.</summary>
public static class SyntaxHighlighter
{
    public static bool Supports(string? language) => LanguageSpec.Find(language) is not null;

    /// <summary>The code split into lines, each self-contained (styles closed at the end of every line).</summary>
    public static IReadOnlyList<string> Highlight(string code, string? language, RenderOptions options)
    {
        code = code.Replace("\r\n", "\n", StringComparison.Ordinal);
        var spec = options.Color ? LanguageSpec.Find(language) : null;
        if (spec is null)
        {
            return [.. code.Split('\n')];
        }

        var tokens = CodeTokenizer.Tokenize(code, spec);
        var lines = new List<string>();
        var line = new StringBuilder();
        var position = 0;
        foreach (var (start, end, kind) in tokens)
        {
            AppendPlain(code, position, start, line, lines);
            AppendStyled(code, start, end, StyleOf(kind), line, lines);
            position = end;
        }

        AppendPlain(code, position, code.Length, line, lines);
        lines.Add(line.ToString());
        return lines;
    }

    private static string StyleOf(TokenKind kind) => kind switch
    {
        TokenKind.Keyword => Sgr.Magenta,
        TokenKind.String => Sgr.Green,
        TokenKind.Comment => Sgr.Gray,
        TokenKind.Number => Sgr.Yellow,
        TokenKind.Key => Sgr.Cyan,
        _ => string.Empty,
    };

    private static void AppendPlain(string code, int start, int end, StringBuilder line, List<string> lines)
    {
        for (var i = start; i < end; i++)
        {
            if (code[i] == '\n')
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            else
            {
                line.Append(code[i]);
            }
        }
    }

    private static void AppendStyled(string code, int start, int end, string style, StringBuilder line, List<string> lines)
    {
        var segmentStart = start;
        for (var i = start; i <= end; i++)
        {
            if (i == end || code[i] == '\n')
            {
                if (i > segmentStart)
                {
                    line.Append(style).Append(code, segmentStart, i - segmentStart).Append(Sgr.Reset);
                }

                if (i < end)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }

                segmentStart = i + 1;
            }
        }
    }
}
