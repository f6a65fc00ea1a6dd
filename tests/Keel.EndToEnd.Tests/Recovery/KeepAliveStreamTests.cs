using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Recovery;

/// <summary>A server that keeps the stream open with pings but never sends content must not hang keel.</summary>
/// <remarks>
/// The idle limit is 40 ping intervals: on a loaded 2-core CI machine a tighter limit let the watchdog fire before
/// the first ping was even read, so the error said "no data" instead of naming the pings this test is about.
/// </remarks>
public sealed class KeepAliveStreamTests
{
    private static readonly TimeSpan PingEvery = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Pings_without_content_trip_the_idle_watchdog_and_the_request_is_retried()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.PingsForever(2, PingEvery), Turn.Text("After the pings."));

        var result = await s.RunAsync(
            ["-p", "hi", "--output-format", "stream-json", "--verbose"],
            env: new Dictionary<string, string?> { ["KEEL_STREAM_IDLE_TIMEOUT_MS"] = "2000" },
            timeout: TimeSpan.FromSeconds(20));

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout);
        var retry = StreamJsonLines.OfType(lines, "system", "api_retry").Single();
        retry["error"]!.GetValue<string>().ShouldBe("server_error");
        retry["message"]!.GetValue<string>().ShouldContain("pings or keep-alives");
        lines[^1]["result"]!.GetValue<string>().ShouldBe("After the pings.");
        s.Server.MessageRequests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_server_that_only_pings_forever_is_finally_surfaced_as_an_error()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.PingsForever(2, PingEvery), Fault.PingsForever(0, PingEvery));

        var result = await s.RunAsync(
            ["-p", "hi"],
            env: new Dictionary<string, string?> { ["KEEL_STREAM_IDLE_TIMEOUT_MS"] = "2000", ["KEEL_MAX_RETRIES"] = "1" },
            timeout: TimeSpan.FromSeconds(20));

        result.ExitCode.ShouldNotBe(0, result.ToString());
        result.Stderr.ShouldContain("pings or keep-alives");
        s.Server.MessageRequests.Count.ShouldBe(2);
    }
}
