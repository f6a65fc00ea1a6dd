using Keel.Core.Permissions;

namespace Keel.Core.Tools.Pipeline;

/// <summary>
/// Answers the pipeline's permission requests. A surface implements it (a dialog, a headless policy), or a
/// session turns each request into an event with <see cref="PermissionAsk.Id"/> and completes the answer when
/// the matching operation arrives.
/// </summary>
public interface IPermissionAsker
{
    ValueTask<PermissionAnswer> AskAsync(PermissionAsk ask, CancellationToken cancellationToken);
}
