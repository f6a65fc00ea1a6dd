using Keel.Testing.FakeServer;

namespace Keel.FakeServer;

/// <summary>
/// The bench's long session: usage reports what each request weighs (bytes / 4, like the API's
/// count), so keel compacts as it would for real; <paramref name="toolTurns"/> Bash calls with large
/// output, then a final answer. Summary requests get a short summary.
/// </summary>
internal sealed class LongSessionResponder(int toolTurns)
{
    private const string SummaryMarker = "summar";
    private const string SummaryText = "Summary: the user wants numbers printed repeatedly; work is in progress.";
    private static readonly string Narration = string.Concat(Enumerable.Repeat("Looking at the numbers and planning the next step. ", 12));
    private readonly Lock _gate = new();
    private int _main;

    public ScriptedResponse Next(RecordedRequest request)
    {
        var input = request.Body.Length / 4;
        var messages = request.Messages;
        var isSummary = request.Tools is null or { Count: 0 } && request.BodyText.Contains(SummaryMarker, StringComparison.OrdinalIgnoreCase);
        if (isSummary)
        {
            return Turn.Text(SummaryText).Usage(input, 40);
        }

        int turn;
        lock (_gate)
        {
            // A one-message request is a new session and the script starts over, unless that one message
            // is the compacted conversation (it carries the summary), which goes on where it was.
            _main = messages?.Count == 1 && !request.BodyText.Contains(SummaryText, StringComparison.Ordinal) ? 1 : _main + 1;
            turn = _main;
        }

        return turn <= toolTurns
            ? Turn.Text(Narration).ToolUse("Bash", """{"command":"seq 1 1700"}""").Usage(input, 300)
            : Turn.Text("All done.").Usage(input, 5);
    }
}
