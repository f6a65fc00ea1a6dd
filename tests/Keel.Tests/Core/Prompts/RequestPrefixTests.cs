using System.Text;
using System.Text.Json;
using Keel.Anthropic.Requests;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Prompts;

namespace Keel.Tests.Core.Prompts;

/// <summary>
/// Prompt caching matches on bytes: each request must start with the previous one, except for the
/// breakpoint marker that moves off the previous newest message.
/// </summary>
public sealed class RequestPrefixTests
{
    private const string Marker = ",\"cache_control\":{\"type\":\"ephemeral\"}";

    private static readonly ToolDefinition[] Tools =
    [
        new("Bash", "Runs a command.", JsonDocument.Parse("""{"type":"object","properties":{"command":{"type":"string"}}}""").RootElement),
        new("Read", "Reads a file.", JsonDocument.Parse("""{"type":"object","properties":{"file_path":{"type":"string"}}}""").RootElement),
    ];

    [Fact]
    public void Consecutive_requests_never_rewrite_earlier_bytes()
    {
        var system = SystemPromptBuilder.Build(new PromptEnvironment("/p", [], null, "Unix", "/bin/bash", new DateOnly(2026, 1, 1), "m", []));
        var messages = new List<Message> { new(Role.User, [new TextBlock("fix add")]) };
        var bodies = new List<string>();
        for (var turn = 0; turn < 4; turn++)
        {
            bodies.Add(Encoding.UTF8.GetString(AnthropicRequestWriter.Write(new ModelRequest("m", system, [.. messages], Tools, 1000, SessionId: "s"))));
            var id = $"toolu_{turn}";
            messages.Add(new Message(Role.Assistant, [new TextBlock("step"), new ToolUseBlock(id, "Bash", JsonDocument.Parse("""{"command":"ls"}""").RootElement)]));

            // Alternate the result shapes: one text block (written as a string) and several blocks (an array).
            IReadOnlyList<ContentBlock> content = turn % 2 == 0 ? [new TextBlock("out\n")] : [new TextBlock("a"), new TextBlock("b")];
            messages.Add(new Message(Role.User, [new ToolResultBlock(id, content, IsError: turn == 2)]));
        }

        for (var i = 1; i < bodies.Count; i++)
        {
            var previous = bodies[i - 1];
            var lastMarker = previous.LastIndexOf(Marker, StringComparison.Ordinal);
            var withoutMovingMarker = previous.Remove(lastMarker, Marker.Length);
            var messagesEnd = withoutMovingMarker.LastIndexOf("]}]", StringComparison.Ordinal) + 2;

            // Everything up to the end of the previous newest message is unchanged, except its marker.
            bodies[i].ShouldStartWith(withoutMovingMarker[..messagesEnd]);
            bodies[i][..lastMarker].ShouldBe(previous[..lastMarker]);
            CommonPrefix(previous, bodies[i]).ShouldBeGreaterThanOrEqualTo(lastMarker);
        }

        bodies[3].ShouldContain("\"content\":\"out\\n\"");
        bodies[3].ShouldContain("\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]");
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
        {
            n++;
        }

        return n;
    }
}
