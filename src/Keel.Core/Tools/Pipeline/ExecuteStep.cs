using Keel.Core.Agent;

namespace Keel.Core.Tools.Pipeline;

/// <summary>Runs the tool with the decoded input. A tool bug becomes an error result the model reads; the session goes on.</summary>
public sealed class ExecuteStep : IToolCallStep
{
    public ToolCallPhase Phase => ToolCallPhase.Before;

    public async ValueTask RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var tool = call.Tool!;
        call.Emit(new ToolStarted(call.Block) { Facets = call.Facets });
        var context = new ToolContext(call.Block.Id, call.Session, progress => call.Emit(new ToolProgressed(progress))) { Decision = call.Decision };
        var started = call.Session.Time.GetTimestamp();
        try
        {
            call.Result = await tool.ExecuteAsync(call.Input!, context, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            call.Result = ToolPipeline.Cancelled(call.UserCancellation);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            call.Result = ToolResult.Error($"{call.Block.Name} failed unexpectedly: {ex.GetType().Name}: {ex.Message}");
        }

        call.Executed = true;
        call.ExecutionTime = call.Session.Time.GetElapsedTime(started);
    }
}
