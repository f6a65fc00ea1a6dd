using System.Text.Json.Nodes;
using Keel.Core.Memory;
using Keel.EndToEnd.Tests.StreamInput;
using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Memory;

public sealed class MemoryExtractionTests
{
    private static readonly string[] StreamArgs = ["--input-format", "stream-json", "--output-format", "stream-json", "--verbose"];

    private static bool IsExtraction(RecordedRequest r) => MemoryPaths.LastUserText(r).Contains("Memory upkeep", StringComparison.Ordinal);

    [Fact]
    public async Task Extraction_runs_in_the_background_after_a_long_turn_and_writes_a_memory_without_delaying_the_answer()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.GitInit();
        var release = new TaskCompletionSource();
        var extractionArrived = new TaskCompletionSource();
        var proposal = new JsonObject
        {
            ["memories"] = new JsonArray(new JsonObject
            {
                ["file"] = "user_role.md",
                ["name"] = "Role",
                ["description"] = "the developer maintains the billing service",
                ["type"] = "user",
                ["content"] = "The developer maintains the billing service and prefers small commits.",
            }),
        }.ToJsonString();
        s.Server.SetResponder(r =>
        {
            if (!IsExtraction(r))
            {
                return Turn.Text("Noted.");
            }

            extractionArrived.TrySetResult();
            return Turn.Text(proposal).After(release.Task);
        });
        await using var keel = s.Keel.Start(StreamArgs, new Dictionary<string, string?> { ["KEEL_MEMORY_DRAIN_MS"] = "60000" });

        // About 12K tokens of conversation: past the first extraction threshold.
        var longPrompt = "I maintain the billing service; here is its log:\n" + string.Concat(Enumerable.Repeat("invoice 42 settled in cents without rounding errors. ", 900));
        await keel.StandardInput.WriteLineAsync(StreamInputTests.User(longPrompt));
        await keel.StandardInput.FlushAsync();

        // The answer arrives while the extraction is still held open by the server.
        await keel.WaitForOutputAsync("\"type\":\"result\"", TimeSpan.FromSeconds(30));
        await extractionArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        release.Task.IsCompleted.ShouldBeFalse();
        var memory = MemoryPaths.ProjectMemory(s);
        File.Exists(Path.Combine(memory, "user_role.md")).ShouldBeFalse();

        release.SetResult();
        keel.StandardInput.Close();
        var result = await keel.WaitForExitAsync(TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(0, result.ToString());
        StreamJsonLines.OfType(StreamJsonLines.Parse(result.Stdout), "result").ShouldHaveSingleItem()["result"]!.GetValue<string>().ShouldBe("Noted.");
        var written = File.ReadAllText(Path.Combine(memory, "user_role.md"));
        written.ShouldContain("type: user");
        written.ShouldContain("The developer maintains the billing service and prefers small commits.");
        File.ReadAllText(Path.Combine(memory, "MEMORY.md")).ShouldContain("- [Role](user_role.md): the developer maintains the billing service");

        // The fork shares the conversation's prefix: same system prompt and tools, the conversation, then the request.
        var requests = s.Server.MessageRequests;
        var main = requests.Single(r => !IsExtraction(r));
        var fork = requests.Single(IsExtraction);
        fork.System!.ToJsonString().ShouldBe(main.System!.ToJsonString());
        fork.Tools!.ToJsonString().ShouldBe(main.Tools!.ToJsonString());
        fork.Messages!.Count.ShouldBe(3);
        fork.Messages[0]!.ToJsonString().ShouldContain("I maintain the billing service");
        fork.Messages[1]!.ToJsonString().ShouldContain("Noted.");
    }

    [Fact]
    public async Task Extraction_is_a_fork_that_reads_the_conversation_s_cache_and_may_write_only_memory_files()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.GitInit();
        s.Server.ReportCacheUse = true;
        var memory = MemoryPaths.ProjectMemory(s);
        var outside = Path.Combine(s.Workspace.Path, "outside.md");
        var note = Path.Combine(memory, "user_role.md");
        var content = "---\nname: Role\ndescription: the developer maintains the billing service\ntype: user\n---\nThe developer maintains the billing service.\n";
        var extractionRequests = 0;
        s.Server.SetResponder(r =>
        {
            if (!r.BodyText.Contains(ExtractionPrompt.Marker, StringComparison.Ordinal))
            {
                return Turn.Text("Noted.");
            }

            return Interlocked.Increment(ref extractionRequests) == 1
                ? Turn.Create()
                    .ToolUse("Write", new JsonObject { ["file_path"] = note, ["content"] = content }.ToJsonString())
                    .ToolUse("Write", new JsonObject { ["file_path"] = outside, ["content"] = "not a memory" }.ToJsonString())
                    .ToolUse("Bash", """{"command":"touch escaped.txt"}""")
                : Turn.Text("Saved one memory.");
        });
        await using var keel = s.Keel.Start(StreamArgs, new Dictionary<string, string?> { ["KEEL_MEMORY_DRAIN_MS"] = "60000" });

        var longPrompt = "I maintain the billing service; here is its log:\n" + string.Concat(Enumerable.Repeat("invoice 42 settled in cents without rounding errors. ", 900));
        await keel.StandardInput.WriteLineAsync(StreamInputTests.User(longPrompt));
        await keel.StandardInput.FlushAsync();
        await keel.WaitForOutputAsync("\"type\":\"result\"", TimeSpan.FromSeconds(30));
        keel.StandardInput.Close();
        var result = await keel.WaitForExitAsync(TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(0, result.ToString());
        File.ReadAllText(note).ShouldBe(content);
        File.Exists(outside).ShouldBeFalse("the extraction may write only in the memory folder");
        File.Exists(Path.Combine(s.Workspace.Path, "escaped.txt")).ShouldBeFalse("the extraction may not run commands");

        var requests = s.Server.MessageRequests;
        var main = requests.Single(r => !r.BodyText.Contains(ExtractionPrompt.Marker, StringComparison.Ordinal));
        var forks = requests.Where(r => r.BodyText.Contains(ExtractionPrompt.Marker, StringComparison.Ordinal)).ToList();
        forks.Count.ShouldBe(2);
        foreach (var property in new[] { "system", "tools", "model", "thinking", "max_tokens" })
        {
            Raw(forks[0], property).ShouldBe(Raw(main, property), $"the fork sends the conversation's own {property}");
        }

        forks[0].Messages!.Count.ShouldBe(3);
        MemoryPaths.LastUserText(forks[0]).ShouldContain(ExtractionPrompt.Marker);

        // The provider reads the prefix the conversation wrote instead of writing it again.
        var parentPrefix = main.Cache!.ReadTokens + main.Cache.CreationTokens;
        parentPrefix.ShouldBeGreaterThan(10_000);
        forks[0].Cache!.ReadTokens.ShouldBeGreaterThanOrEqualTo(parentPrefix);

        // The refused calls come back as errors; the tool definitions stay the same bytes.
        var results = Scenario.LastToolResults(forks[1]);
        results.Count.ShouldBe(3);
        results[0]["is_error"]?.GetValue<bool>().ShouldNotBe(true);
        results[1]["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(results[1]).ShouldContain("memory");
        results[2]["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Raw(forks[1], "tools").ShouldBe(Raw(main, "tools"));
    }

    private static string Raw(RecordedRequest request, string property)
    {
        using var document = System.Text.Json.JsonDocument.Parse(request.Body);
        return document.RootElement.TryGetProperty(property, out var value) ? value.GetRawText() : "(absent)";
    }

    [Fact]
    public async Task A_one_shot_print_run_never_extracts()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Noted."));

        var result = await s.RunAsync("-p", string.Concat(Enumerable.Repeat("a long prompt about many things. ", 2000)));

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Server.MessageRequests.Count.ShouldBe(1);
    }
}
