using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Providers;

public sealed class FallbackChainTests
{
    private static ErrorResponse Now(ErrorResponse fault) => fault.Header("retry-after-ms", "0");

    [Fact]
    public async Task Overload_moves_to_the_next_model_of_the_chain_across_providers_and_says_so()
    {
        await using var s = await Scenario.StartAsync();
        ProviderWorld.WriteUserSettings(s, $$$"""
            { "providers": { "backup": { "type": "openai", "baseUrl": "{{{s.Server.BaseUrl}}}/v1", "apiKeyEnv": "BACKUP_KEY", "models": { "big": "backup-large"} } } ,
             "fallbackModels": ["claude-haiku-5-5", "backup/big"]} 
            """);
        s.Script(
            Now(Fault.Overloaded()), Now(Fault.Overloaded()), Now(Fault.Overloaded()),
            Now(Fault.Overloaded()), Now(Fault.Overloaded()), Now(Fault.Overloaded()),
            Turn.Text("Answered by the backup."));

        var result = await s.RunAsync(["-p", "hi", "--model", "opus", "--output-format", "stream-json", "--verbose"], new Dictionary<string, string?> { ["BACKUP_KEY"] = "k" });

        result.ExitCode.ShouldBe(0, result.ToString());
        var requests = s.Server.MessageRequests;
        requests.Select(r => r.Model).ShouldBe(["claude-opus-5-5", "claude-opus-5-5", "claude-opus-5-5", "claude-haiku-5-5", "claude-haiku-5-5", "claude-haiku-5-5", "backup-large"]);
        requests[^1].Protocol.ShouldBe(WireProtocol.OpenAIChat);
        var fallbacks = result.Stdout.Split('\n').Where(l => l.Contains("\"model_fallback\"", StringComparison.Ordinal)).ToList();
        fallbacks.Count.ShouldBe(2);
        fallbacks[0].ShouldContain("\"to\":\"claude-haiku-5-5\"");
        fallbacks[1].ShouldContain("\"to\":\"backup/backup-large\"");
        result.Stdout.ShouldContain("Answered by the backup.");
    }

    [Fact]
    public async Task An_unknown_model_moves_on_at_once_and_the_text_output_says_why()
    {
        await using var s = await Scenario.StartAsync();
        ProviderWorld.WriteUserSettings(s, """{"fallbackModels": ["sonnet"]}""");
        s.Script(Fault.Status(404, message: "model: claude-retired-1"), Turn.Text("From sonnet."));

        var result = await s.RunAsync("-p", "hi", "--model", "claude-retired-1");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("From sonnet.");
        result.Stderr.ShouldContain("claude-retired-1");
        result.Stderr.ShouldContain("claude-sonnet-5-5");
        s.Server.MessageRequests.Count.ShouldBe(2);
    }
}
