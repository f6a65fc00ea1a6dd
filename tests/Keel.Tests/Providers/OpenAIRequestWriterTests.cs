using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Providers.OpenAI;

namespace Keel.Tests.Providers;

public sealed class OpenAIRequestWriterTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object","properties":{"file_path":{"type":"string"}}}""").RootElement.Clone();

    private static ModelRequest Conversation() => new(
        "qwen",
        [new SystemBlock("You are Keel.", CacheBreakpoint: true), new SystemBlock("Be brief.", CacheBreakpoint: false)],
        [
            Message.UserText("Read a.txt"),
            new Message(Role.Assistant, [new ThinkingBlock("hmm", "sig"), new TextBlock("Reading."), new ToolUseBlock("call_1", "Read", JsonDocument.Parse("""{"file_path":"a.txt"}""").RootElement.Clone())]),
            new Message(Role.User, [new ToolResultBlock("call_1", [new TextBlock("alpha"), new ImageBlock("image/png", "iVBOR")], IsError: false), new TextBlock("and now?")]),
        ],
        [new ToolDefinition("Read", "Reads a file", Schema)],
        4096,
        new ThinkingConfig(20_000));

    [Fact]
    public void Chat_completions_body_maps_tools_results_images_and_effort()
    {
        var body = JsonDocument.Parse(ChatRequestWriter.Write(Conversation(), new OpenAIOptions("t", "http://x/v1") { ParallelToolCalls = static _ => false })).RootElement;

        var messages = body.GetProperty("messages");
        messages[0].GetProperty("content").GetString().ShouldBe("You are Keel.\n\nBe brief.");
        messages[2].GetProperty("role").GetString().ShouldBe("assistant");
        messages[2].GetProperty("content").GetString().ShouldBe("Reading.");
        var call = messages[2].GetProperty("tool_calls")[0];
        call.GetProperty("id").GetString().ShouldBe("call_1");
        call.GetProperty("function").GetProperty("arguments").GetString().ShouldBe("""{"file_path":"a.txt"}""");
        messages[3].GetProperty("role").GetString().ShouldBe("tool");
        messages[3].GetProperty("tool_call_id").GetString().ShouldBe("call_1");
        messages[3].GetProperty("content").GetString().ShouldStartWith("alpha");
        var user = messages[4].GetProperty("content");
        user[0].GetProperty("text").GetString().ShouldBe("and now?");
        user[1].GetProperty("image_url").GetProperty("url").GetString().ShouldBe("data:image/png;base64,iVBOR");
        body.GetProperty("tools")[0].GetProperty("function").GetProperty("parameters").GetProperty("type").GetString().ShouldBe("object");
        body.GetProperty("reasoning_effort").GetString().ShouldBe("high");
        body.GetProperty("max_tokens").GetInt32().ShouldBe(4096);
        body.GetProperty("parallel_tool_calls").GetBoolean().ShouldBeFalse();
        body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public void Responses_body_uses_instructions_and_function_items()
    {
        var body = JsonDocument.Parse(ResponsesRequestWriter.Write(Conversation(), new OpenAIOptions("t", "http://x/v1") { Api = OpenAIApi.Responses })).RootElement;

        body.GetProperty("instructions").GetString().ShouldBe("You are Keel.\n\nBe brief.");
        var input = body.GetProperty("input");
        input[1].GetProperty("content")[0].GetProperty("type").GetString().ShouldBe("output_text");
        input[2].GetProperty("type").GetString().ShouldBe("function_call");
        input[2].GetProperty("call_id").GetString().ShouldBe("call_1");
        input[3].GetProperty("type").GetString().ShouldBe("function_call_output");
        input[3].GetProperty("output").GetString().ShouldStartWith("alpha");
        input[4].GetProperty("content")[1].GetProperty("type").GetString().ShouldBe("input_image");
        body.GetProperty("reasoning").GetProperty("effort").GetString().ShouldBe("high");
        body.GetProperty("max_output_tokens").GetInt32().ShouldBe(4096);
        body.GetProperty("store").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public void Azure_puts_the_deployment_and_api_version_in_the_url()
    {
        var options = new OpenAIOptions("az", "https://res.openai.azure.com") { AzureApiVersion = "2024-10-21" };

        options.EndpointFor("gpt-4o-deploy").ToString().ShouldBe("https://res.openai.azure.com/openai/deployments/gpt-4o-deploy/chat/completions?api-version=2024-10-21");
        JsonDocument.Parse(ChatRequestWriter.Write(Conversation(), options)).RootElement.TryGetProperty("model", out _).ShouldBeFalse();
    }
}
