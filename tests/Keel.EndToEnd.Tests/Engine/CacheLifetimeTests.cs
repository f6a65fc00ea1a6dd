using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Engine;

/// <summary>The static prefix's cache lifetime (<c>promptCacheTtl</c>, and the automatic one hour) as the API sees it.</summary>
public sealed partial class CacheLifetimeTests
{
    private const string HourMarker = "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}";

    [Fact]
    public async Task The_one_hour_setting_marks_the_static_prefix_and_a_plain_print_run_keeps_five_minutes()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("one"), Turn.Text("two"));

        var hour = await s.RunAsync("-p", "hi", "--settings", """{"promptCacheTtl":"1h"}""");
        var plain = await s.RunAsync("-p", "hi");

        hour.ExitCode.ShouldBe(0, hour.ToString());
        plain.ExitCode.ShouldBe(0, plain.ToString());
        var body = s.Server.MessageRequests[0].BodyText;
        body.Split(HourMarker).Length.ShouldBe(3, "the last tool and the static system block carry the hour");
        body.IndexOf(HourMarker, StringComparison.Ordinal).ShouldBeLessThan(body.IndexOf("\"system\"", StringComparison.Ordinal));
        s.Server.MessageRequests[1].BodyText.ShouldNotContain("\"ttl\"");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_host_session_continued_after_its_cache_lapsed_moves_to_the_hour_and_later_continuations_keep_the_same_bytes()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("first"), Turn.Text("second"), Turn.Text("third"), Turn.Text("fourth"), Turn.Text("fifth"));

        var first = await s.RunAsync("-p", "start");
        var quick = await s.RunAsync(["-c", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose"], stdin: UserLine("soon after") + "\n");
        first.ExitCode.ShouldBe(0, first.ToString());
        quick.ExitCode.ShouldBe(0, quick.ToString());
        s.Server.MessageRequests[1].BodyText.ShouldNotContain("\"ttl\"", customMessage: "the five-minute entry is still warm: changing the marker would rewrite it");

        // Twenty minutes pass: every record of the transcript is moved back in time.
        var transcript = Directory.GetFiles(Path.Combine(s.Workspace.ConfigDir, "projects"), "*.jsonl", SearchOption.AllDirectories).Single();
        var earlier = DateTimeOffset.UtcNow.AddMinutes(-20).ToString("O", CultureInfo.InvariantCulture);
        File.WriteAllText(transcript, Timestamp().Replace(File.ReadAllText(transcript), $"\"timestamp\":\"{earlier}\""));

        var host = await s.RunAsync(["-c", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose"], stdin: UserLine("after a break") + "\n" + UserLine("right after") + "\n");
        var oneShot = await s.RunAsync("-c", "-p", "one more");

        host.ExitCode.ShouldBe(0, host.ToString());
        oneShot.ExitCode.ShouldBe(0, oneShot.ToString());
        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(5);
        foreach (var later in requests.Skip(2))
        {
            later.BodyText.Split(HourMarker).Length.ShouldBe(3, "the tools and the static system keep the hour: " + later.BodyText);
            later.Json!["tools"]!.ToJsonString().ShouldBe(requests[2].Json!["tools"]!.ToJsonString());
            later.Json!["system"]!.ToJsonString().ShouldBe(requests[2].Json!["system"]!.ToJsonString());
        }

        File.ReadAllText(transcript).ShouldContain("\"type\":\"cache-ttl\"");
        // The one change of the prefix bytes is the move to the hour, when the cache had lapsed anyway.
        var violations = Keel.Testing.Invariants.RequestInvariants.Check(requests).ToList();
        violations.ShouldAllBe(v => v.RequestNumber == requests[2].Number, string.Join("; ", violations));
    }

    private static string UserLine(string text) => new JsonObject
    {
        ["type"] = "user",
        ["message"] = new JsonObject { ["role"] = "user", ["content"] = text },
        ["parent_tool_use_id"] = null,
        ["session_id"] = "default",
    }.ToJsonString();

    [GeneratedRegex("\"timestamp\":\"[^\"]*\"")]
    private static partial Regex Timestamp();
}
