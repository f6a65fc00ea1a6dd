using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests;

public sealed class OutputFormatTests
{
    [Fact]
    public async Task Json_output_is_one_result_object_with_the_usual_fields()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("All good.").Usage(1200, 35, 1000, 100));

        var result = await s.RunAsync("-p", "status?", "--output-format", "json", "--model", "opus");

        result.ExitCode.ShouldBe(0, result.ToString());
        var json = Scenario.ParseJson(result);
        json["type"]!.GetValue<string>().ShouldBe("result");
        json["subtype"]!.GetValue<string>().ShouldBe("success");
        json["is_error"]!.GetValue<bool>().ShouldBeFalse();
        json["result"]!.GetValue<string>().ShouldBe("All good.");
        json["num_turns"]!.GetValue<int>().ShouldBe(1);
        json["session_id"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        json["duration_ms"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(0);
        json["total_cost_usd"]!.GetValue<decimal>().ShouldBeGreaterThan(0m);
        json["usage"]!["input_tokens"]!.GetValue<long>().ShouldBe(1200);
        json["usage"]!["cache_read_input_tokens"]!.GetValue<long>().ShouldBe(1000);
        json["modelUsage"]!["claude-opus-5-5"]!["costUSD"]!.GetValue<decimal>().ShouldBeGreaterThan(0m);
        s.Server.MessageRequests[0].Model.ShouldBe("claude-opus-5-5");
    }

    [Fact]
    public async Task Stream_json_needs_verbose()
    {
        await using var s = await Scenario.StartAsync();

        var result = await s.RunAsync("-p", "hi", "--output-format", "stream-json");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("requires --verbose");
    }

    [Fact]
    public async Task Stream_json_writes_init_each_block_each_tool_result_and_the_result()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("notes.md", "# Notes\n");
        s.Script(
            Turn.Text("Reading.").ToolUse("Read", """{"file_path":"notes.md"}"""),
            Turn.Text("It is a heading."));

        var result = await s.RunAsync("-p", "what is in notes.md", "--output-format", "stream-json", "--verbose");

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout);
        lines.Select(Kind).ShouldBe(["system/init", "assistant", "assistant", "user", "assistant", "result/success"]);
        var init = lines[0];
        init["tools"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldContain("Read");
        init["permissionMode"]!.GetValue<string>().ShouldBe("default");
        lines[1]["message"]!["id"]!.GetValue<string>().ShouldBe(lines[2]["message"]!["id"]!.GetValue<string>());
        lines[2]["message"]!["content"]![0]!["type"]!.GetValue<string>().ShouldBe("tool_use");
        var user = lines[3];
        user["message"]!["content"]![0]!["type"]!.GetValue<string>().ShouldBe("tool_result");
        user["tool_use_result"]!["file"]!["content"]!.GetValue<string>().ShouldContain("# Notes");
        lines[^1]["result"]!.GetValue<string>().ShouldBe("It is a heading.");
        lines.Select(l => l["session_id"]!.GetValue<string>()).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task Partial_messages_add_raw_stream_events()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Streaming text."));

        var result = await s.RunAsync("-p", "hi", "--output-format", "stream-json", "--verbose", "--include-partial-messages");

        result.ExitCode.ShouldBe(0, result.ToString());
        var events = StreamJsonLines.OfType(StreamJsonLines.Parse(result.Stdout), "stream_event");
        events.Select(e => e["event"]!["type"]!.GetValue<string>()).ShouldContain("content_block_delta");
        events[0]["event"]!["type"]!.GetValue<string>().ShouldBe("message_start");
    }

    [Fact]
    public async Task Bad_arguments_are_reported_with_exit_code_2()
    {
        await using var s = await Scenario.StartAsync();

        var result = await s.RunAsync("-p", "hi", "--output-format", "yaml");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("--output-format must be text, json or stream-json");
    }

    [Fact]
    public async Task Version_prints_and_exits()
    {
        await using var s = await Scenario.StartAsync();

        var result = await s.RunAsync("--version");

        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldMatch(@"^\d+\.\d+\.\d+ \(Keel\)\s*$");
    }

    private static string Kind(JsonNode line) =>
        line["subtype"] is { } subtype ? $"{line["type"]}/{subtype}" : line["type"]!.GetValue<string>();
}
