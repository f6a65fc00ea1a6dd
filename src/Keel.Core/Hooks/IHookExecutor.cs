namespace Keel.Core.Hooks;

/// <summary>Runs one handler (a process, an HTTP request); Core decides what its output means.</summary>
public interface IHookExecutor
{
    /// <summary>Never throws for a failing hook: a crash, timeout or refused connection is a value.</summary>
    Task<HookExecution> ExecuteAsync(HookRequest request, CancellationToken cancellationToken);
}
