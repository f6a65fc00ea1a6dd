using Keel.Core.Messages;
using Keel.Core.Tools;

namespace Keel.Cli.Acp;

/// <summary><c>session/load</c>: the conversation as it stands, sent again as the updates a live turn would send.</summary>
internal sealed partial class AcpSession
{
    public void Replay()
    {
        var results = _setup.Loop.Messages
            .SelectMany(static m => m.Content.OfType<ToolResultBlock>())
            .GroupBy(static r => r.ToolUseId, StringComparer.Ordinal)
            .ToDictionary(static g => g.Key, static g => g.Last(), StringComparer.Ordinal);
        foreach (var message in _setup.Loop.Messages)
        {
            foreach (var block in message.Content)
            {
                switch (block)
                {
                    case TextBlock { Text.Length: > 0 } text when message.Role == Role.User:
                        Send(new AcpUserMessageChunk(new AcpTextContent(text.Text)));
                        break;
                    case TextBlock { Text.Length: > 0 } text:
                        Send(new AcpAgentMessageChunk(new AcpTextContent(text.Text)));
                        break;
                    case ThinkingBlock { Thinking.Length: > 0 } thinking:
                        Send(new AcpAgentThoughtChunk(new AcpTextContent(thinking.Thinking)));
                        break;
                    case ToolUseBlock call:
                        ReplayCall(call, results.GetValueOrDefault(call.Id));
                        break;
                }
            }
        }
    }

    private void ReplayCall(ToolUseBlock call, ToolResultBlock? result)
    {
        var facets = _setup.Policy.Tools.Find(call.Name)?.DescribeForRules(call.Input, _setup.Tools) ?? ToolFacets.None;
        lock (_gate)
        {
            _announced[call.Id] = facets;
        }

        var reported = ToolCall(call.Id, call.Name, call.Input, facets, result is null ? "failed" : result.IsError ? "failed" : "completed");
        if (result is not null)
        {
            // The transcript keeps what the model saw, not the display payload: the result text stands for the output.
            var shown = new ToolResult(result.Content, result.IsError);
            reported = reported with { Content = [.. reported.Content ?? [], .. AcpToolMapping.FinishedContent(facets with { Display = null }, shown, _setup.Tools)] };
        }

        Send(reported);
    }
}
