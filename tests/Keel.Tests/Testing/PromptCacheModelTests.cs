using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.Tests.Testing;

/// <summary>The fake server's prompt cache: prefixes written at breakpoints, read back byte for byte.</summary>
public sealed class PromptCacheModelTests
{
    private static readonly string Tools = "[{\"name\":\"Read\",\"description\":\"" + new string('d', 4_000) + "\",\"input_schema\":{\"type\":\"object\"},\"cache_control\":{\"type\":\"ephemeral\"}}]";

    [Fact]
    public void A_request_that_starts_with_a_written_prefix_reads_it_and_writes_only_what_follows()
    {
        var cache = new PromptCacheModel();

        var first = cache.Account(Body("m", "system one", "hello")).ShouldNotBeNull();
        var second = cache.Account(Body("m", "system one", "hello", "again")).ShouldNotBeNull();

        first.ReadTokens.ShouldBe(0);
        first.CreationTokens.ShouldBeGreaterThan(1_000);
        second.ReadTokens.ShouldBe(first.CreationTokens, "the markers moved but the bytes before them are the same");
        second.CreationTokens.ShouldBeGreaterThan(0);
        second.CreationTokens.ShouldBeLessThan(100);
    }

    [Fact]
    public void Another_model_or_a_changed_system_reads_only_what_is_still_the_same()
    {
        var cache = new PromptCacheModel();
        var first = cache.Account(Body("m", "system one", "hello")).ShouldNotBeNull();

        cache.Account(Body("other", "system one", "hello")).ShouldNotBeNull().ReadTokens.ShouldBe(0);
        var changed = cache.Account(Body("m", "system two", "hello")).ShouldNotBeNull();

        changed.ReadTokens.ShouldBeGreaterThan(1_000, "the tools before the system are still cached");
        changed.ReadTokens.ShouldBeLessThan(first.CreationTokens);
        cache.Account(JsonNode.Parse("""{"input":"not a messages call"}""")).ShouldBeNull();
    }

    private static JsonObject Body(string model, string system, params string[] prompts)
    {
        var messages = new JsonArray();
        for (var i = 0; i < prompts.Length; i++)
        {
            var block = new JsonObject { ["type"] = "text", ["text"] = prompts[i] };
            if (i == prompts.Length - 1)
            {
                block["cache_control"] = new JsonObject { ["type"] = "ephemeral" };
            }

            JsonNode message = new JsonObject { ["role"] = i % 2 == 0 ? "user" : "assistant", ["content"] = new JsonArray(block) };
            messages.Add(message);
        }

        return new JsonObject
        {
            ["model"] = model,
            ["tools"] = JsonNode.Parse(Tools),
            ["system"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = system, ["cache_control"] = new JsonObject { ["type"] = "ephemeral" } }),
            ["messages"] = messages,
        };
    }
}
