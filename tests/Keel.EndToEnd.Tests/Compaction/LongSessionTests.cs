using System.Globalization;
using System.Text.Json.Nodes;
using Keel.Core.Compaction;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Compaction;

public sealed class LongSessionTests
{
    private const int Window = 30_000;

    private static readonly Dictionary<string, string?> SmallWindow = new(StringComparer.Ordinal) { ["KEEL_CONTEXT_WINDOW"] = Window.ToString(CultureInfo.InvariantCulture) };

    private static bool IsSummaryRequest(RecordedRequest r) => r.BodyText.Contains(CompactionPrompt.Opening, StringComparison.Ordinal);

    /// <summary>Answers like the API: usage is what the request weighs; 300 tool turns, then done.</summary>
    private static void ScriptLongSession(Scenario s, int toolTurns)
    {
        var main = 0;
        var summaries = 0;
        var narration = string.Concat(Enumerable.Repeat("Looking at the numbers and planning the next step. ", 12));
        s.Server.SetResponder(r =>
        {
            var input = r.Body.Length / 4;
            if (IsSummaryRequest(r))
            {
                return Turn.Text($"Summary {++summaries}: the user wants numbers printed repeatedly; work is in progress.").Usage(input, 40);
            }

            return ++main <= toolTurns
                ? Turn.Text(narration).ToolUse("Bash", """{"command":"seq 1 1700"}""").Usage(input, 300)
                : Turn.Text("All done.").Usage(input, 5);
        });
    }

    [Fact]
    public async Task A_300_turn_session_compacts_and_never_sends_more_than_the_window()
    {
        await using var s = await Scenario.StartAsync();
        ScriptLongSession(s, 300);

        var result = await s.RunAsync(
            ["-p", "print the numbers again and again", "--output-format", "stream-json", "--verbose", "--allowedTools", "Bash"],
            SmallWindow,
            timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => JsonNode.Parse(l)!).ToList();
        ((string?)lines[^1]["result"]).ShouldBe("All done.");
        var boundaries = lines.Where(static l => (string?)l["subtype"] == "compact_boundary").ToList();
        boundaries.ShouldNotBeEmpty();
        boundaries.ShouldAllBe(b => (string?)b["compact_metadata"]!["trigger"] == "auto" && (long)b["compact_metadata"]!["pre_tokens"]! > 0);

        var requests = s.Server.MessageRequests;
        requests.Count(static r => !IsSummaryRequest(r)).ShouldBe(301);
        requests.ShouldAllBe(r => r.Body.Length / 4 <= Window, "no request may exceed the context window");
        s.AssertInvariants();

        var transcript = Directory.EnumerateFiles(Path.Combine(s.Workspace.ConfigDir, "projects"), "*.jsonl", SearchOption.AllDirectories).Single();
        var records = File.ReadAllLines(transcript).Select(static l => JsonNode.Parse(l)!).ToList();
        records.Count(static r => (string?)r["subtype"] == "compact_boundary").ShouldBe(boundaries.Count);
        records.Count(static r => (string?)r["type"] == "assistant").ShouldBe(301, "the full history stays on disk");
    }

    [Fact]
    public async Task An_autocompact_in_a_long_session_is_a_fork_that_shares_the_conversation_s_prefix()
    {
        await using var s = await Scenario.StartAsync();
        ScriptLongSession(s, 40);

        var result = await s.RunAsync(
            ["-p", "print the numbers again and again", "--output-format", "stream-json", "--verbose", "--allowedTools", "Bash"],
            SmallWindow,
            timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("\"trigger\":\"auto\"");
        var requests = s.Server.MessageRequests;
        var summaries = requests.Where(IsSummaryRequest).ToList();
        summaries.ShouldNotBeEmpty();
        var main = requests[0];
        foreach (var summary in summaries)
        {
            // The session's own system prompt and tools (the bytes the provider cached), the conversation, then the
            // directive last: not a rendering of the conversation under a summariser's own prompt.
            summary.System!.ToJsonString().ShouldBe(main.System!.ToJsonString());
            summary.Tools!.ToJsonString().ShouldBe(main.Tools!.ToJsonString());
            summary.Messages!.Count.ShouldBeGreaterThan(2);
            summary.Messages[^1]!.ToJsonString().ShouldContain(CompactionPrompt.Opening);
            (summary.Body.Length / 4).ShouldBeLessThanOrEqualTo(Window - summary.Json!["max_tokens"]!.GetValue<int>(), "the summary's answer fits beside it");
        }

        requests.ShouldAllBe(r => r.Body.Length / 4 <= Window, "no request may exceed the context window");
        s.AssertInvariants();
    }

    [Fact]
    public async Task Continue_after_compaction_loads_from_the_boundary_and_manual_compact_answers_briefly()
    {
        await using var s = await Scenario.StartAsync();
        ScriptLongSession(s, 40);
        var first = await s.RunAsync(["-p", "print numbers", "--allowedTools", "Bash"], SmallWindow);
        first.ExitCode.ShouldBe(0, first.Stderr);
        s.Server.MessageRequests.ShouldContain(r => IsSummaryRequest(r));

        var compact = await s.RunAsync(["-c", "-p", "/compact focus on the seq output", "--output-format", "stream-json", "--verbose"], SmallWindow);

        compact.ExitCode.ShouldBe(0, compact.Stderr);
        compact.Stdout.ShouldContain("\"trigger\":\"manual\"");
        compact.Stdout.ShouldContain("Conversation compacted.");
        var manual = s.Server.MessageRequests[^1];
        IsSummaryRequest(manual).ShouldBeTrue();
        manual.BodyText.ShouldContain("focus on: focus on the seq output");

        var next = await s.RunAsync(["-c", "-p", "what now?"], SmallWindow);

        next.ExitCode.ShouldBe(0, next.Stderr);
        var resumed = s.Server.MessageRequests[^1];
        resumed.Messages!.Count.ShouldBe(1);
        var text = resumed.Messages[0]!.ToJsonString();
        text.ShouldContain("Summary ");
        text.ShouldContain("what now?");
        s.AssertInvariants();
    }
}
