using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Providers;

public sealed class LocalProviderTests
{
    [Fact]
    public async Task Provider_ollama_finds_the_local_server_and_its_first_model_when_asked()
    {
        await using var s = await Scenario.StartAsync();
        s.Server.ModelList = ["qwen3:8b", "llama3.2"];
        s.Script(Turn.Text("Hi from the local model."));
        var env = new Dictionary<string, string?> { ["OLLAMA_HOST"] = s.Server.BaseUrl.Replace("http://", string.Empty, StringComparison.Ordinal), ["ANTHROPIC_API_KEY"] = null };

        var result = await s.RunAsync(["-p", "hi", "--provider", "ollama", "--output-format", "json"], env);

        result.ExitCode.ShouldBe(0, result.ToString());
        var json = Scenario.ParseJson(result);
        json["result"]!.GetValue<string>().ShouldBe("Hi from the local model.");
        var call = s.Server.MessageRequests.Single();
        call.Path.ShouldBe("/v1/chat/completions");
        call.Model.ShouldBe("qwen3:8b");
        call.Header("authorization").ShouldBeNull();
        json["total_cost_usd"]!.GetValue<decimal>().ShouldBe(0m);
        json["modelUsage"]!["ollama/qwen3:8b"]!["provider"]!.GetValue<string>().ShouldBe("ollama");
    }

    [Fact]
    public async Task A_local_server_is_never_contacted_unless_asked_for()
    {
        await using var s = await Scenario.StartAsync();
        s.Server.ModelList = ["qwen3:8b"];
        s.Script(Turn.Text("From Anthropic."));
        var env = new Dictionary<string, string?> { ["OLLAMA_HOST"] = s.Server.BaseUrl.Replace("http://", string.Empty, StringComparison.Ordinal) };

        var result = await s.RunAsync(["-p", "hi"], env);

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Server.Requests.ShouldAllBe(r => r.Path == "/v1/messages");
    }

    [Fact]
    public async Task Asking_for_a_local_provider_that_is_not_running_says_how_to_start_it()
    {
        await using var s = await Scenario.StartAsync();
        var env = new Dictionary<string, string?> { ["OLLAMA_HOST"] = "127.0.0.1:1", ["ANTHROPIC_API_KEY"] = null };

        var result = await s.RunAsync(["-p", "hi", "--provider", "ollama"], env);

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldContain("ollama serve");
    }

    [Fact]
    public async Task Capabilities_from_settings_turn_thinking_off_with_one_notice_and_prices_feed_the_cost()
    {
        await using var s = await Scenario.StartAsync();
        ProviderWorld.WriteUserSettings(s, $$$"""
            { "providers": { "lab": { "type": "vllm", "baseUrl": "{{{s.Server.BaseUrl}}}/v1", "prices": { "input": 2, "output": 8} } } ,
             "modelCapabilities": { "lab/plain-13b": { "thinking": false, "images": true, "contextWindow": 16000} } } 
            """);
        s.Script(Turn.Text("one").Usage(1_000_000, 500_000));

        var result = await s.RunAsync(["-p", "hi", "--model", "lab/plain-13b", "--max-thinking-tokens", "4000", "--output-format", "json"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        var body = s.Server.MessageRequests.Single().Json!;
        body["reasoning_effort"].ShouldBeNull();
        result.Stderr.Split('\n').Count(l => l.Contains("does not support thinking", StringComparison.Ordinal)).ShouldBe(1, result.Stderr);
        var json = Scenario.ParseJson(result);
        json["total_cost_usd"]!.GetValue<decimal>().ShouldBe(6m);
        json["modelUsage"]!["lab/plain-13b"]!["contextWindow"]!.GetValue<int>().ShouldBe(16000);
    }
}
