using Keel.Core.Permissions;

namespace Keel.Core.Tools.Pipeline;

/// <summary>
/// Checks the call's paths once more right before it runs: the decision may be seconds old (a person took
/// their time), and a symlink swapped in meanwhile must not redirect the access into a denied file. Tools
/// check again at the moment they touch the file (<see cref="ToolContext.RecheckPath"/>).
/// </summary>
public sealed class UseTimeRecheckStep : IToolCallStep
{
    public ToolCallPhase Phase => ToolCallPhase.Before;

    public ValueTask RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        if (call.Session.Paths is not { } paths)
        {
            return ValueTask.CompletedTask;
        }

        foreach (var target in call.Facets.Paths)
        {
            var now = paths.Check(target.Path, target.Access, call.Session.CurrentDirectory);
            if (now.Behavior == PermissionBehavior.Deny)
            {
                call.Decision = now;
                call.Refuse($"Permission to {(target.Access == PathAccess.Read ? "read" : "write")} {target.Path} was denied: {now.Reason}");
                break;
            }
        }

        return ValueTask.CompletedTask;
    }
}
