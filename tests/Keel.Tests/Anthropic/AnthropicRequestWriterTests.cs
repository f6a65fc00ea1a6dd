using System.Text;
using System.Text.Json;
using Keel.Anthropic.Requests;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Tests.Anthropic;

public sealed class AnthropicRequestWriterTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string"}}}""").RootElement.Clone();

    private static ModelRequest FullRequest() => new(
        "claude-test",
        [new SystemBlock("static part", CacheBreakpoint: true), new SystemBlock("dynamic part", CacheBreakpoint: false)],
        [
            Message.UserText("read it"),
            new Message(Role.Assistant, [new TextBlock("ok"), new ToolUseBlock("toolu_1", "Read", JsonDocument.Parse("""{"path":"a.txt"}""").RootElement.Clone())]),
            new Message(Role.User, [new ToolResultBlock("toolu_1", [new TextBlock("contents é")], IsError: false)]),
        ],
        [new ToolDefinition("Bash", "Runs a command", Schema), new ToolDefinition("Read", "Reads a file", Schema)],
        MaxTokens: 8192,
        Thinking: new ThinkingConfig(1024),
        SessionId: "session-1");

    [Fact]
    public void Keys_are_written_in_the_documented_order()
    {
        using var doc = JsonDocument.Parse(AnthropicRequestWriter.Write(FullRequest()));

        doc.RootElement.EnumerateObject().Select(p => p.Name)
            .ShouldBe(["model", "tools", "system", "messages", "metadata", "max_tokens", "thinking", "stream"]);
        doc.RootElement.GetProperty("metadata").GetProperty("user_id").GetString().ShouldBe("session-1");
        doc.RootElement.GetProperty("thinking").GetRawText().ShouldBe("""{"type":"enabled","budget_tokens":1024}""");
        doc.RootElement.GetProperty("stream").GetBoolean().ShouldBeTrue();
        doc.RootElement.GetProperty("max_tokens").GetInt32().ShouldBe(8192);
    }

    [Fact]
    public void A_model_without_prompt_caching_gets_no_cache_markers_anywhere()
    {
        var with = Encoding.UTF8.GetString(AnthropicRequestWriter.Write(FullRequest()));
        var without = Encoding.UTF8.GetString(AnthropicRequestWriter.Write(FullRequest() with { PromptCaching = false }));

        with.ShouldContain("cache_control");
        without.ShouldNotContain("cache_control");
        JsonDocument.Parse(without).RootElement.GetProperty("messages").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public void The_same_request_gives_identical_bytes()
    {
        AnthropicRequestWriter.Write(FullRequest()).ShouldBe(AnthropicRequestWriter.Write(FullRequest()));
    }

    [Fact]
    public void Breakpoints_sit_on_system_last_tool_and_last_message_block()
    {
        using var doc = JsonDocument.Parse(AnthropicRequestWriter.Write(FullRequest()));
        var root = doc.RootElement;

        root.GetProperty("system")[0].TryGetProperty("cache_control", out var systemCache).ShouldBeTrue();
        systemCache.GetRawText().ShouldBe("""{"type":"ephemeral"}""");
        root.GetProperty("system")[1].TryGetProperty("cache_control", out _).ShouldBeFalse();
        root.GetProperty("tools")[0].TryGetProperty("cache_control", out _).ShouldBeFalse();
        root.GetProperty("tools")[1].TryGetProperty("cache_control", out _).ShouldBeTrue();
        root.GetProperty("messages")[2].GetProperty("content")[0].TryGetProperty("cache_control", out _).ShouldBeTrue();
        CountBreakpoints(root).ShouldBe(3);
    }

    [Fact]
    public void Never_more_than_four_breakpoints_and_the_last_message_keeps_its_own()
    {
        var request = FullRequest() with
        {
            System = [.. Enumerable.Range(0, 6).Select(i => new SystemBlock($"part {i}", CacheBreakpoint: true))],
        };

        using var doc = JsonDocument.Parse(AnthropicRequestWriter.Write(request));
        var root = doc.RootElement;

        CountBreakpoints(root).ShouldBe(4);
        root.GetProperty("system").EnumerateArray().Select(b => b.TryGetProperty("cache_control", out _))
            .ShouldBe([true, true, false, false, false, false]);
        root.GetProperty("messages")[2].GetProperty("content")[0].TryGetProperty("cache_control", out _).ShouldBeTrue();
    }

    [Fact]
    public void Tools_system_metadata_and_thinking_are_omitted_when_empty()
    {
        var request = new ModelRequest("claude-test", [], [Message.UserText("hi")], [], MaxTokens: 100);

        var json = Encoding.UTF8.GetString(AnthropicRequestWriter.Write(request));

        json.ShouldBe("""{"model":"claude-test","messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"ephemeral"}}]}],"max_tokens":100,"stream":true}""");
    }

    [Fact]
    public void Tool_use_with_non_object_input_still_serialises_as_an_object()
    {
        var badInput = JsonDocument.Parse("\"{not json\"").RootElement.Clone();
        var request = new ModelRequest(
            "claude-test",
            [],
            [new Message(Role.Assistant, [new ToolUseBlock("toolu_9", "Edit", badInput)]), Message.UserText("next")],
            [],
            MaxTokens: 10);

        using var doc = JsonDocument.Parse(AnthropicRequestWriter.Write(request));

        var input = doc.RootElement.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("input");
        input.ValueKind.ShouldBe(JsonValueKind.Object);
    }

    [Fact]
    public void A_last_message_ending_in_thinking_puts_the_breakpoint_on_an_earlier_block()
    {
        var request = new ModelRequest(
            "claude-test",
            [],
            [Message.UserText("q"), new Message(Role.Assistant, [new TextBlock("partial"), new ThinkingBlock("hmm", "sig")])],
            [],
            MaxTokens: 10);

        using var doc = JsonDocument.Parse(AnthropicRequestWriter.Write(request));

        var content = doc.RootElement.GetProperty("messages")[1].GetProperty("content");
        content[0].TryGetProperty("cache_control", out _).ShouldBeTrue();
        content[1].TryGetProperty("cache_control", out _).ShouldBeFalse();
        content[1].GetProperty("signature").GetString().ShouldBe("sig");
    }

    [Fact]
    public void Non_ascii_text_is_written_as_utf8_not_escaped()
    {
        var json = Encoding.UTF8.GetString(AnthropicRequestWriter.Write(FullRequest()));

        json.ShouldContain("contents é");
    }

    private static int CountBreakpoints(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Sum(p => (p.NameEquals("cache_control") ? 1 : 0) + CountBreakpoints(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Sum(CountBreakpoints),
        _ => 0,
    };
}
