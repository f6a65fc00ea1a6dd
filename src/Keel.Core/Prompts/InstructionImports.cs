using System.Text;

namespace Keel.Core.Prompts;

/// <summary>
/// Finds <c>@path</c> imports in an instruction file: a token at the start of a word, outside code
/// spans and fenced blocks, that looks like a path (it holds a <c>/</c> or a <c>.</c>, or starts with
/// <c>~/</c>), so <c>@alice</c> and <c>@Override</c> stay text.
/// </summary>
internal static class InstructionImports
{
    private const string TrailingPunctuation = ".,;:!?)]}'\"";

    /// <summary>Every import token of <paramref name="text"/>, in order, with the span it occupies.</summary>
    public static List<(int Start, int Length, string Path)> Scan(string text)
    {
        var found = new List<(int, int, string)>();
        var inFence = false;
        var lineStart = 0;
        while (lineStart <= text.Length)
        {
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? text.Length : newline;
            var line = text.AsSpan(lineStart, lineEnd - lineStart);
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("```") || trimmed.StartsWith("~~~"))
            {
                inFence = !inFence;
            }
            else if (!inFence)
            {
                ScanLine(text, lineStart, lineEnd, found);
            }

            if (newline < 0)
            {
                break;
            }

            lineStart = newline + 1;
        }

        return found;
    }

    /// <summary>The text with a note after each import that could not be read.</summary>
    public static string AnnotateMissing(string text, IReadOnlyList<(int Start, int Length, string Path)> missing)
    {
        if (missing.Count == 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length + (missing.Count * 32));
        var copied = 0;
        foreach (var (start, length, path) in missing)
        {
            result.Append(text, copied, start + length - copied).Append(" (import @").Append(path).Append(" not found)");
            copied = start + length;
        }

        return result.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Resolves an import against the importing file's directory; <c>~/</c> means the home directory.</summary>
    public static string Resolve(string importPath, string importingFile, string? homeDirectory)
    {
        if (importPath.StartsWith("~/", StringComparison.Ordinal) && homeDirectory is not null)
        {
            return Path.GetFullPath(Path.Combine(homeDirectory, importPath[2..]));
        }

        return Path.GetFullPath(importPath, Path.GetDirectoryName(importingFile) ?? "/");
    }

    private static void ScanLine(string text, int start, int end, List<(int, int, string)> found)
    {
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (c == '`')
            {
                i = SkipCodeSpan(text, i, end);
                continue;
            }

            if (c == '@' && (i == start || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or '['))
            {
                var tokenEnd = i + 1;
                while (tokenEnd < end && !char.IsWhiteSpace(text[tokenEnd]) && text[tokenEnd] != '`')
                {
                    tokenEnd++;
                }

                while (tokenEnd > i + 1 && TrailingPunctuation.Contains(text[tokenEnd - 1], StringComparison.Ordinal))
                {
                    tokenEnd--;
                }

                var path = text[(i + 1)..tokenEnd];
                if (LooksLikePath(path))
                {
                    found.Add((i, tokenEnd - i, path));
                }

                i = Math.Max(tokenEnd, i + 1);
                continue;
            }

            i++;
        }
    }

    private static bool LooksLikePath(string path) =>
        path.Length > 0 && path[0] != '@' && (path.StartsWith("~/", StringComparison.Ordinal) || path.Contains('/', StringComparison.Ordinal) || path.Contains('.', StringComparison.Ordinal));

    /// <summary>Skips a code span opened by a run of backticks; an unclosed run is plain text.</summary>
    private static int SkipCodeSpan(string text, int open, int end)
    {
        var run = open;
        while (run < end && text[run] == '`')
        {
            run++;
        }

        var fence = text.AsSpan(open, run - open);
        for (var j = run; j < end; j++)
        {
            if (text[j] != '`')
            {
                continue;
            }

            var close = j;
            while (close < end && text[close] == '`')
            {
                close++;
            }

            if (close - j == fence.Length)
            {
                return close;
            }

            j = close - 1;
        }

        return run;
    }
}
