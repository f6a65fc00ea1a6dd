using Keel.Core.Messages;
using Keel.Core.Tools;

namespace Keel.Core.Compaction;

/// <summary>
/// Builds the one user message that replaces a compacted conversation: the summary, then the
/// files most recently read or edited (newest first, within a token budget, each capped), then
/// notes, then the user's latest input if it was kept verbatim.
/// </summary>
internal static class ContextReattacher
{
    public static Message Build(string summary, IEnumerable<FileReadState> reads, CompactionSettings settings, ContextThresholds thresholds, Message? preserved, IEnumerable<ICompactionAttachment>? attachments = null)
    {
        var blocks = new List<ContentBlock> { new TextBlock(CompactionPrompt.SummaryIntro(summary)) };
        var budget = (long)thresholds.Scaled(settings.ReattachBudgetTokens);
        var perFile = thresholds.Scaled(settings.MaxFileTokens);
        var files = 0;

        // The tracker keeps no read order; the file's own write time puts recent edits first.
        foreach (var read in reads.OrderByDescending(static r => r.LastWriteTimeUtc).ThenBy(static r => r.Path, StringComparer.Ordinal))
        {
            if (files >= settings.MaxReattachedFiles || budget <= 0)
            {
                break;
            }

            var text = ReadCapped(read.Path, Math.Min(perFile, budget) * 4);
            if (text is null)
            {
                continue;
            }

            var block = new TextBlock($"Contents of {read.Path} as of the compaction (re-attached; it may be truncated):\n<file path=\"{read.Path}\">\n{text}\n</file>");
            budget -= TokenEstimator.Estimate(block.Text);
            blocks.Add(block);
            files++;
        }

        foreach (var attachment in attachments ?? [])
        {
            if (attachment.Render() is { Length: > 0 } text)
            {
                blocks.Add(new TextBlock(text));
            }
        }

        blocks.Add(new TextBlock(CompactionPrompt.InstructionFilesNote + "\n" + CompactionPrompt.ContinueNote));
        if (preserved is not null)
        {
            blocks.AddRange(preserved.Content);
        }

        return new Message(Role.User, blocks);
    }

    private static string? ReadCapped(string path, long maxChars)
    {
        if (maxChars < 200)
        {
            return null;
        }

        try
        {
            using var reader = new StreamReader(path);
            var buffer = new char[(int)Math.Min(maxChars + 1, 4 * 1024 * 1024)];
            var read = reader.ReadBlock(buffer, 0, buffer.Length);
            var text = new string(buffer, 0, read);
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                return null;
            }

            return read > maxChars ? string.Concat(text.AsSpan(0, (int)maxChars), "\n... [truncated]") : text;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
