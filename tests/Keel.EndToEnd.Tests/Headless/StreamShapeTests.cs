using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Headless;

/// <summary>stream-json lines in the shapes SDK hosts parse (issue 18 item 4), and structured output in print mode.</summary>
public sealed class StreamShapeTests
{
    private const string Schema = """{"type":"object","properties":{"answer":{"type":"integer"}},"required":["answer"]}""";

    [Fact]
    public async Task An_api_error_is_an_assistant_message_with_the_sdk_error_name_before_the_result()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.BadRequest("messages: bad thing"));

        var result = await s.RunAsync("-p", "hi", "--output-format", "stream-json", "--verbose");

        result.ExitCode.ShouldBe(1, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout);
        var error = StreamJsonLines.OfType(lines, "assistant").ShouldHaveSingleItem();
        error["error"]!.GetValue<string>().ShouldBe("invalid_request");
        error["message"]!["content"]![0]!["text"]!.GetValue<string>().ShouldContain("bad thing");
        lines[^2].ShouldBeSameAs(error);
        lines[^1]["api_error_status"]!.GetValue<int>().ShouldBe(400);
    }

    [Fact]
    public async Task A_retry_names_the_error_as_the_sdk_does_and_success_has_a_null_api_error_status()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.RateLimited(retryAfterMs: 20), Turn.Text("Made it."));

        var result = await s.RunAsync("-p", "hi", "--output-format", "stream-json", "--verbose", "--include-partial-messages");

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout);
        StreamJsonLines.OfType(lines, "system", "api_retry").Single()["error"]!.GetValue<string>().ShouldBe("rate_limit");
        lines.ShouldNotContain(l => l["type"]!.GetValue<string>() == "stream_event" && l["event"]!["type"]!.GetValue<string>() == "ping");
        lines.ShouldContain(l => l["type"]!.GetValue<string>() == "stream_event");
        var final = lines[^1];
        final.AsObject().ContainsKey("api_error_status").ShouldBeTrue();
        final["api_error_status"].ShouldBeNull();
        StreamJsonLines.OfType(lines, "assistant").Single()["timestamp"]!.GetValue<string>().ShouldEndWith("Z");
    }

    [Fact]
    public async Task Json_schema_in_print_mode_puts_the_structured_answer_in_the_result()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("StructuredOutput", """{"answer":7}"""), Turn.Text("Done."));

        var result = await s.RunAsync("-p", "what is 3+4", "--output-format", "json", "--json-schema", Schema);

        result.ExitCode.ShouldBe(0, result.ToString());
        var json = Scenario.ParseJson(result);
        json["structured_output"]!["answer"]!.GetValue<int>().ShouldBe(7);
        s.Server.MessageRequests[0].BodyText.ShouldContain("StructuredOutput");
    }

    [Fact]
    public async Task A_model_that_never_gives_the_structured_answer_fails_after_three_reminders()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("prose"), Turn.Text("more prose"), Turn.Text("still prose"), Turn.Text("prose again"));

        var result = await s.RunAsync("-p", "what is 3+4", "--output-format", "json", "--json-schema", Schema);

        result.ExitCode.ShouldBe(1, result.ToString());
        var json = Scenario.ParseJson(result);
        json["subtype"]!.GetValue<string>().ShouldBe("error_max_structured_output_retries");
        json["is_error"]!.GetValue<bool>().ShouldBeTrue();
        s.Server.MessageRequests.Count.ShouldBe(4);
    }
}
