using System.Text;
using Keel.Core.Tools;

namespace Keel.Tools.Search;

/// <summary>Content mode: matching lines with optional context, grep style, files in path order.</summary>
public sealed partial class GrepTool
{
    /// <summary>
    /// Writes the files of <paramref name="hits"/> from <paramref name="from"/> on until the page is full;
    /// <paramref name="printedAny"/> carries whether an earlier call wrote a file (for the separator between files).
    /// </summary>
    private static void WriteContent(
        List<GrepHit> hits,
        int from,
        ref bool printedAny,
        GrepMatcher matcher,
        GrepContentFormat format,
        bool eager,
        ToolSession session,
        GrepOutput output,
        CancellationToken cancellationToken)
    {
        var matched = new List<int>();
        var starts = new List<int>();
        var builder = new StringBuilder();
        for (var i = from; i < hits.Count; i++)
        {
            var hit = hits[i];
            cancellationToken.ThrowIfCancellationRequested();
            if (output.Full)
            {
                return;
            }

            ReadOnlyMemory<char> block;
            int lines;
            if (eager)
            {
                (block, lines) = (hit.Block, hit.BlockLines);
            }
            else
            {
                var text = GrepSearch.ReadText(hit.Path);
                if (text is null)
                {
                    continue;
                }

                matched.Clear();
                starts.Clear();
                if (matcher.FindLines(text, matched, firstOnly: false, starts) == 0)
                {
                    continue;
                }

                // A separator before this file takes one line of the page; when it is the line too many, it ends the page.
                var budget = output.Remaining - (format.Separates && printedAny ? 1 : 0);
                if (budget <= 0)
                {
                    output.Add("--");
                    return;
                }

                builder.Clear();
                lines = format.Format(text.AsSpan(), matched, starts, Display(hit.Path, session), builder, budget);
                block = builder.ToString().AsMemory();
            }

            if (lines == 0)
            {
                continue;
            }

            if (format.Separates && printedAny)
            {
                output.Add("--");
            }

            output.AddBlock(block, lines);
            printedAny = true;
        }
    }
}
