using System.Text;
using System.Text.Json;
using Keel.Anthropic.Requests;
using Keel.Anthropic.Streaming;
using Keel.Cli.Composition;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Sessions;

namespace Keel.Tests.Core.Cost;

/// <summary>The one-hour prompt cache: where the marker goes, how its writes are read back and priced.</summary>
public sealed class CacheLifetimeCostTests
{
    [Fact]
    public void One_hour_writes_cost_twice_the_input_price_and_five_minute_writes_the_catalog_write_price()
    {
        // Sonnet 4.5: $3 input, $3.75 five-minute write per million tokens.
        var fiveMinutes = new Usage(0, 0, 1_000_000, 0);
        var oneHour = new Usage(0, 0, 1_000_000, 0) { CacheCreation1hInputTokens = 1_000_000 };
        var mixed = new Usage(0, 0, 1_000_000, 0) { CacheCreation1hInputTokens = 400_000 };

        CostTracker.CostOf("claude-sonnet-4-5", fiveMinutes).ShouldBe(3.75m);
        CostTracker.CostOf("claude-sonnet-4-5", oneHour).ShouldBe(6.00m);
        CostTracker.CostOf("claude-sonnet-4-5", mixed).ShouldBe(0.6m * 3.75m + 0.4m * 6m);
    }

    [Fact]
    public void The_one_hour_share_is_read_from_the_stream_and_kept_in_the_transcript()
    {
        const string data = """{"type":"message_start","message":{"id":"m","model":"claude-x","usage":{"input_tokens":5,"cache_creation_input_tokens":900,"cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":800}}}}""";

        var usage = AnthropicEventMapper.Map("message_start", data).ShouldBeOfType<MessageStartEvent>().Usage;
        usage.CacheCreation1hInputTokens.ShouldBe(800);

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            UsageJson.Write(writer, "usage", usage.Add(usage));
            writer.WriteEndObject();
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        var read = UsageJson.Read(doc.RootElement.GetProperty("usage"));
        read.CacheCreationInputTokens.ShouldBe(1800);
        read.CacheCreation1hInputTokens.ShouldBe(1600);
    }

    [Fact]
    public void A_one_hour_request_marks_the_tools_and_static_system_breakpoints_and_leaves_the_newest_message_at_five_minutes()
    {
        var schema = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();
        var request = new ModelRequest(
            "claude-sonnet-4-5",
            [new SystemBlock("static", CacheBreakpoint: true), new SystemBlock("dynamic", CacheBreakpoint: false)],
            [Message.UserText("hi")],
            [new ToolDefinition("Read", "Reads", schema)],
            1024);

        var fiveMinutes = Encoding.UTF8.GetString(AnthropicRequestWriter.Write(request));
        var oneHour = Encoding.UTF8.GetString(AnthropicRequestWriter.Write(request with { CacheTtl = "1h" }));

        fiveMinutes.ShouldNotContain("\"ttl\"");
        const string hourMarker = "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}";
        oneHour.Split(hourMarker).Length.ShouldBe(3, oneHour);
        oneHour.ShouldContain("\"text\":\"static\"," + hourMarker);
        oneHour.ShouldContain("\"text\":\"hi\",\"cache_control\":{\"type\":\"ephemeral\"}}");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("5m", null)]
    [InlineData("1h", "1h")]
    [InlineData("1H ", "1h")]
    [InlineData("forever", null)]
    public void The_hour_is_used_only_when_the_setting_asks_for_it(string? configured, string? expected) =>
        CacheLifetime.Choose(configured).ShouldBe(expected);
}
