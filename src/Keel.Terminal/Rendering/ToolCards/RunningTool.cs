using Keel.Core.Messages;
using Keel.Terminal.Rendering.Text;

namespace Keel.Terminal.Rendering.ToolCards;

/// <summary>A tool call in progress: when it started and the last lines it printed.</summary>
internal sealed class RunningTool(ToolUseBlock call, DateTimeOffset started)
{
    private readonly Queue<string> _tail = new();

    public ToolUseBlock Call { get; } = call;

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
