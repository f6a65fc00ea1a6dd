namespace Keel.Core.Tools.Pipeline;

/// <summary>Caps the result at the tool's limit; the rest spills to a file under the session directory.</summary>
public sealed class OutputBudgetStep : IToolCallStep
{
    public ToolCallPhase Phase => ToolCallPhase.After;

    public ValueTask RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        call.Result = OutputBudget.Apply(call.Result!, call.Tool!.MaxResultChars, call.Block.Id, call.Session);
        return ValueTask.CompletedTask;
    }
}
