using Keel.Core.Messages;
using Keel.Core.Tools;
using Keel.Terminal.Rendering.Text;

namespace Keel.Terminal.Rendering.ToolCards;

/// <summary>A tool call in progress: what it is, when it started and the last lines it printed.</summary>
internal sealed class RunningTool(ToolUseBlock call, ToolFacets facets, DateTimeOffset started)
{
    private readonly Queue<string> _tail = new();

    public ToolUseBlock Call { get; } = call;

    /// <summary>What the tool says about the call (its summary heads the card).</summary>
    public ToolFacets Facets { get; } = facets;

    public DateTimeOffset Started { get; } = started;

    public IReadOnlyList<string> Tail => [.. _tail];

    public void AddOutput(string message)
    {
        foreach (var line in DisplayWidth.Sanitize(message).Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            _tail.Enqueue(line);
            if (_tail.Count > ToolCardRenderer.OutputTailLines)
            {
                _tail.Dequeue();
            }
        }
    }
}
