using System.Globalization;
using Keel.Core.Compaction;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Compaction;

public sealed class TodoAfterCompactionTests
{
    private static bool IsSummaryRequest(RecordedRequest r) => r.BodyText.Contains(CompactionPrompt.Opening, StringComparison.Ordinal);

    [Fact]
    public async Task The_todo_list_is_in_the_first_request_after_a_compaction()
    {
        await using var s = await Scenario.StartAsync();
        var main = 0;
        var narration = string.Concat(Enumerable.Repeat("Porting the next part of the parser and checking the numbers. ", 12));
        s.Server.SetResponder(r =>
        {
            var input = r.Body.Length / 4;
            if (IsSummaryRequest(r))
            {
                return Turn.Text("Summary: porting the parser, step by step.").Usage(input, 40);
            }

            return ++main switch
            {
                1 => Turn.ToolUse("TodoWrite", """
                    {"todos":[{"content":"Port the parser","status":"in_progress","activeForm":"Porting the parser"},{"content":"Write the release notes","status":"pending","activeForm":"Writing the release notes"}]}
                    """).Usage(input, 60),
                <= 60 => Turn.Text(narration).ToolUse("Bash", """{"command":"seq 1 1700"}""").Usage(input, 300),
                _ => Turn.Text("Done.").Usage(input, 5),
            };
        });

        var result = await s.RunAsync(
            ["-p", "port the parser", "--allowedTools", "Bash", "--output-format", "stream-json", "--verbose"],
            new Dictionary<string, string?> { ["KEEL_CONTEXT_WINDOW"] = 30_000.ToString(CultureInfo.InvariantCulture) },
            timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("\"name\":\"TodoWrite\"");
        var requests = s.Server.MessageRequests;
        var summaryIndex = requests.ToList().FindIndex(IsSummaryRequest);
        summaryIndex.ShouldBeGreaterThan(0, $"the session must have compacted ({requests.Count} requests)");
        var after = requests[summaryIndex + 1];
        IsSummaryRequest(after).ShouldBeFalse();
        after.BodyText.ShouldContain("[in_progress] Port the parser");
        after.BodyText.ShouldContain("[pending] Write the release notes");
        requests[1].BodyText.ShouldNotContain("[in_progress] Port the parser", customMessage: "before compaction the list lives only in the TodoWrite call");
    }
}
