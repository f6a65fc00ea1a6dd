using System.Text;
using System.Text.Json;
using Keel.Anthropic.Requests;
using Keel.Anthropic.Streaming;
using Keel.Cli.Composition;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Sessions;
using Keel.Testing.Time;

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
    [InlineData("5m", "")]
    [InlineData("1h", "1h")]
    [InlineData("1H ", "1h")]
    [InlineData("forever", null)]
    public void The_setting_reads_one_hour_five_minutes_or_nothing(string? configured, string? expected) =>
        CacheLifetime.Parse(configured).ShouldBe(expected);

    [Fact]
    public void A_long_lived_session_moves_to_the_hour_at_its_first_request_after_the_five_minute_entry_lapsed_and_records_it()
    {
        var time = new ManualTimeProvider();
        var lifetime = CacheLifetime.For(null, longLived: true, loaded: null, time);
        var recorded = new List<string>();
        lifetime.Changed = recorded.Add;

        lifetime.RequestStarting();
        lifetime.Ttl.ShouldBeNull();
        time.Advance(TimeSpan.FromMinutes(4));
        lifetime.RequestStarting();
        time.Advance(TimeSpan.FromMinutes(4));
        lifetime.RequestStarting();
        lifetime.Ttl.ShouldBeNull("each request came within five minutes of the one before");

        time.Advance(TimeSpan.FromMinutes(6));
        lifetime.RequestStarting();
        lifetime.Ttl.ShouldBe("1h");
        time.Advance(TimeSpan.FromMinutes(90));
        lifetime.RequestStarting();
        lifetime.Ttl.ShouldBe("1h");
        recorded.ShouldBe(["1h"]);
    }

    [Fact]
    public void One_shot_runs_and_explicit_settings_never_change_the_lifetime()
    {
        var time = new ManualTimeProvider();
        var oneShot = CacheLifetime.For(null, longLived: false, loaded: null, time);
        var fiveMinutes = CacheLifetime.For("5m", longLived: true, loaded: null, time);
        var hour = CacheLifetime.For("1h", longLived: false, loaded: null, time);
        foreach (var lifetime in new[] { oneShot, fiveMinutes, hour })
        {
            lifetime.RequestStarting();
            time.Advance(TimeSpan.FromMinutes(30));
            lifetime.RequestStarting();
        }

        oneShot.Ttl.ShouldBeNull();
        fiveMinutes.Ttl.ShouldBeNull();
        hour.Ttl.ShouldBe("1h");
    }

    [Fact]
    public void A_continued_session_keeps_its_recorded_hour_on_any_surface_and_an_old_one_moves_at_its_first_request()
    {
        var time = new ManualTimeProvider();
        var recordedHour = new LoadedSession("s", "p", [], null, [], 0, 0) { CacheTtl = "1h", LastActivity = time.GetUtcNow() };
        var stale = new LoadedSession("s", "p", [], null, [], 0, 0) { LastActivity = time.GetUtcNow() };
        time.Advance(TimeSpan.FromMinutes(20));

        CacheLifetime.For(null, longLived: false, recordedHour, time).Ttl.ShouldBe("1h");
        CacheLifetime.For(null, longLived: true, recordedHour, time).Ttl.ShouldBe("1h");
        var oneShot = CacheLifetime.For(null, longLived: false, stale, time);
        oneShot.RequestStarting();
        oneShot.Ttl.ShouldBeNull();
        var interactive = CacheLifetime.For(null, longLived: true, stale, time);
        interactive.RequestStarting();
        interactive.Ttl.ShouldBe("1h");
    }

    [Fact]
    public void The_recorded_hour_and_the_last_activity_are_read_back_from_the_transcript()
    {
        var dir = Directory.CreateTempSubdirectory("keel-ttl-");
        try
        {
            var path = Path.Combine(dir.FullName, "s.jsonl");
            var time = new ManualTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
            using (var writer = new TranscriptWriter(path, "s", dir.FullName, "test", time))
            {
                writer.RecordUser(Message.UserText("hi"));
                time.Advance(TimeSpan.FromMinutes(7));
                writer.RecordCacheTtl("1h");
            }

            var loaded = TranscriptReader.Load(path);
            loaded.CacheTtl.ShouldBe("1h");
            loaded.LastActivity.ShouldBe(time.GetUtcNow());
            loaded.Messages.Count.ShouldBe(1);
            TranscriptReader.Load(path, loaded.LastUuid).CacheTtl.ShouldBeNull("the record came after the message reading stopped at");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
