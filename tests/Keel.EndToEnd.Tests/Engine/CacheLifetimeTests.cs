using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Engine;

/// <summary>The <c>promptCacheTtl</c> setting as the API sees it.</summary>
public sealed class CacheLifetimeTests
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
}
