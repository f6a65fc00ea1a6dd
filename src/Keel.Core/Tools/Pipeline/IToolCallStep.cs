namespace Keel.Core.Tools.Pipeline;

/// <summary>One step of the tool-call pipeline. The order of the steps lives in <see cref="ToolPipeline.Steps"/>.</summary>
public interface IToolCallStep
{
    ToolCallPhase Phase { get; }

    ValueTask RunAsync(ToolCall call, CancellationToken cancellationToken);
}
