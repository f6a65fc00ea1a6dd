using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests;

/// <summary>
/// A Read starts as soon as its tool_use block is complete, while the model is still streaming. The fake server holds the
/// end of the response (message_delta, message_stop) until the test saw the file opened (inotify); a keel that waited for
/// message_stop would leave it unopened until the guard ran out.
/// </summary>
public sealed class EarlyToolStartTests
{
    // Bounds a failing run only; a passing one goes on the moment the file is opened.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Runs a turn whose response reads notes.txt and holds its end until the file is opened (or the guard passes):
    /// whether the Read opened it while the response was still streaming.
    /// </summary>
    private static async Task<(KeelResult Result, bool OpenedDuringStream)> ReadWhileStreamingAsync(Scenario s, string notes)
    {
        using var watch = new OpenWatch(notes);
        var openedDuringStream = false;
        s.Script(
            Turn.ToolUse("Read", """{"file_path":"notes.txt"}""").WaitFor(async () =>
            {
                await Task.WhenAny(watch.Opened, Task.Delay(Guard));
                openedDuringStream = watch.Opened.IsCompletedSuccessfully;
            }),
            Turn.Text("Done."));

        var result = await s.RunAsync("-p", "go");
        return (result, openedDuringStream);
    }

    [Fact]
    public async Task A_read_starts_before_the_response_ends_and_its_result_comes_back_once()
    {
        await using var s = await Scenario.StartAsync();
        var notes = s.Workspace.Write("notes.txt", "early bird\n");
        var (result, openedDuringStream) = await ReadWhileStreamingAsync(s, notes);

        result.ExitCode.ShouldBe(0, result.ToString());
        openedDuringStream.ShouldBeTrue("notes.txt was opened only after the response ended: the Read did not start early");
        s.Server.MessageRequests.Count.ShouldBe(2);
        var results = Scenario.LastToolResults(s.Server.MessageRequests[1]);
        results.Count.ShouldBe(1);
        Scenario.ResultText(results[0]).ShouldContain("early bird");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_read_starts_early_when_the_configured_PreToolUse_hooks_do_not_match_it_and_none_runs()
    {
        await using var s = await Scenario.StartAsync();
        var notes = s.Workspace.Write("notes.txt", "early bird\n");
        var log = s.Workspace.FullPath("hook.log");

        // One hook for another tool, one for Read whose `if` names another file: neither fits this call.
        s.Workspace.Write(".claude/settings.json", $$"""
            { "hooks": { "PreToolUse": [
              { "matcher": "Bash|Edit", "hooks": [ { "type": "command", "command": "echo bash >> '{{log}}'" } ] },
              { "matcher": "Read", "hooks": [ { "type": "command", "command": "echo read >> '{{log}}'", "if": "Read(other.txt)" } ] }
            ] } }
            """);
        var (result, openedDuringStream) = await ReadWhileStreamingAsync(s, notes);

        result.ExitCode.ShouldBe(0, result.ToString());
        openedDuringStream.ShouldBeTrue("notes.txt was opened only after the response ended: a hook that does not match held the Read back");
        File.Exists(log).ShouldBeFalse("a PreToolUse hook ran for a call it does not match");
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).ShouldHaveSingleItem()).ShouldContain("early bird");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_PreToolUse_hook_that_matches_a_read_runs_once_before_it()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("notes.txt", "early bird\n");
        var log = s.Workspace.FullPath("hook.log");

        s.Workspace.Write(".claude/settings.json", $$"""
            { "hooks": { "PreToolUse": [
              { "matcher": "Read", "hooks": [ { "type": "command", "command": "cat > /dev/null; echo read >> '{{log}}'", "if": "Read(notes.txt)" } ] }
            ] } }
            """);
        s.Script(Turn.ToolUse("Read", """{"file_path":"notes.txt"}"""), Turn.Text("Done."));

        var result = await s.RunAsync("-p", "go");

        result.ExitCode.ShouldBe(0, result.ToString());
        File.ReadAllText(log).ShouldBe("read\n");
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).ShouldHaveSingleItem()).ShouldContain("early bird");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_cut_stream_drops_its_early_read_so_the_retry_reads_the_file_afresh()
    {
        await using var s = await Scenario.StartAsync();
        var notes = s.Workspace.Write("notes.txt", "early bird\n");
        using var watch = new OpenWatch(notes);

        // message_start, block start, one delta, block stop; then, once the Read has opened the file, the connection is cut.
        var cut = Turn.ToolUse("Read", """{"file_path":"notes.txt"}""", "toolu_first").ChunkSize(1000).Pings(false)
            .WaitFor(() => Task.WhenAny(watch.Opened, Task.Delay(Guard)))
            .CutAfterEvents(4);
        s.Script(cut, Turn.ToolUse("Read", """{"file_path":"notes.txt"}""", "toolu_second"), Turn.Text("Done."));

        var result = await s.RunAsync(["-p", "go", "--output-format", "stream-json", "--verbose"], timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(0, result.ToString());
        watch.Opened.IsCompletedSuccessfully.ShouldBeTrue("the first attempt's Read never opened the file: it did not start early");
        s.Server.MessageRequests.Count.ShouldBe(3);
        StreamJsonLines.OfType(StreamJsonLines.Parse(result.Stdout), "system", "api_retry").Count.ShouldBe(1);
        s.Server.MessageRequests.ShouldAllBe(r => !r.BodyText.Contains("toolu_first"));
        result.Stdout.ShouldNotContain("toolu_first");

        // The dropped Read's text never reached the model, so the retry's Read must show it, not call it "unchanged".
        var results = Scenario.LastToolResults(s.Server.MessageRequests[2]);
        results.Count.ShouldBe(1);
        results[0]["tool_use_id"]!.GetValue<string>().ShouldBe("toolu_second");
        Scenario.ResultText(results[0]).ShouldContain("early bird");
        s.AssertInvariants();
    }
}
