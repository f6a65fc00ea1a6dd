using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;
using Keel.Testing.Invariants;
using Keel.Testing.Process;
using Keel.Testing.Workspace;

namespace Keel.EndToEnd.Tests;

/// <summary>One end-to-end test's world: a fake model server, a temp repository, and the real keel binary.</summary>
internal sealed class Scenario : IAsyncDisposable
{
    private Scenario(FakeAnthropicServer server)
    {
        Server = server;
        Keel = new KeelRunner(server.BaseUrl, Workspace);
    }

    public FakeAnthropicServer Server { get; }

    public TempWorkspace Workspace { get; } = new();

    public KeelRunner Keel { get; }

    public static async Task<Scenario> StartAsync() => new(await FakeAnthropicServer.StartAsync());

    public Scenario Script(params ScriptedResponse[] responses)
    {
        Server.Enqueue(responses);
        return this;
    }

    public Task<KeelResult> RunAsync(params string[] args) => Keel.RunAsync(args);

    public Task<KeelResult> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? env = null, string? stdin = null, TimeSpan? timeout = null) =>
        Keel.RunAsync(args, stdin, env, timeout: timeout);

    /// <summary>Every request the model server saw obeys the protocol invariants.</summary>
    public void AssertInvariants() => RequestInvariants.AssertAll(Server.MessageRequests);

    public static JsonNode ParseJson(KeelResult result)
    {
        result.Stdout.ShouldNotBeNullOrWhiteSpace(result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }

    /// <summary>The tool_result blocks of a recorded request's last message.</summary>
    public static List<JsonNode> LastToolResults(RecordedRequest request) =>
        [.. request.Messages![^1]!["content"]!.AsArray().Where(b => (string?)b!["type"] == "tool_result").Select(b => b!)];

    public static string ResultText(JsonNode toolResult) => toolResult["content"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray a => string.Concat(a.Select(b => (string?)b!["text"])),
        _ => string.Empty,
    };

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Workspace.Dispose();
    }
}
