using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Providers;

/// <summary>A named provider of type anthropic: its headers, key and capability switches reach the wire.</summary>
public sealed class AnthropicProviderTests
{
    [Fact]
    public async Task A_named_anthropic_provider_sends_its_headers_and_key_and_no_cache_markers_when_caching_is_off()
    {
        await using var s = await Scenario.StartAsync();
        ProviderWorld.WriteUserSettings(s, $$$"""
            { "providers": { "gateway": { "type": "anthropic", "baseUrl": "{{{s.Server.BaseUrl}}}", "apiKeyEnv": "GATEWAY_KEY",
                "headers": { "X-Team": "infra", "anthropic-version": "2099-01-01" }, "models": { "fast": "claude-haiku-5-5" },
                "capabilities": { "caching": false } } },
              "provider": "gateway" }
            """);
        s.Script(Turn.Text("Through the gateway."), Turn.Text("Second answer."));

        var first = await s.RunAsync(["-p", "hi", "--model", "gateway/fast"], new Dictionary<string, string?> { ["GATEWAY_KEY"] = "sk-gateway" });
        var second = await s.RunAsync(["-p", "hi", "--model", "sonnet"], new Dictionary<string, string?> { ["GATEWAY_KEY"] = "sk-gateway" });

        first.ExitCode.ShouldBe(0, first.ToString());
        first.Stdout.Trim().ShouldBe("Through the gateway.");
        second.ExitCode.ShouldBe(0, second.ToString());
        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(2);
        foreach (var request in requests)
        {
            request.Headers["x-team"].ShouldBe("infra");
            request.Headers["anthropic-version"].ShouldBe("2099-01-01");
            request.Headers["x-api-key"].ShouldBe("sk-gateway");
        }

        requests[0].Model.ShouldBe("claude-haiku-5-5");
        requests[0].BodyText.ShouldNotContain("cache_control");
    }
}
