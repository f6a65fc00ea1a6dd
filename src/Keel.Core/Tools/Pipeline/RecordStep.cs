namespace Keel.Core.Tools.Pipeline;

/// <summary>Records the finished call (result, decision, duration) as its <see cref="ToolOutcome"/>: every call gets exactly one.</summary>
public sealed class RecordStep : IToolCallStep
{
    public ToolCallPhase Phase => ToolCallPhase.Always;

    public ValueTask RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        call.Outcome = new ToolOutcome(call.Block, call.Result!, call.Decision, call.Duration) { Facets = call.Facets };
        return ValueTask.CompletedTask;
    }
}
