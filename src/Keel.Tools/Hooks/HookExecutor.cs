using Keel.Core.Hooks;

namespace Keel.Tools.Hooks;

/// <summary>Sends each handler to the executor for its type; each is created on first use.</summary>
public sealed class HookExecutor(Func<string, string?> getEnv, TimeProvider time) : IHookExecutor
{
    private CommandHookExecutor? _command;
    private HttpHookExecutor? _http;

    public Task<HookExecution> ExecuteAsync(HookRequest request, CancellationToken cancellationToken) => request.Handler.IsHttp
        ? (_http ??= new HttpHookExecutor(getEnv, time)).ExecuteAsync(request, cancellationToken)
        : (_command ??= new CommandHookExecutor(time)).ExecuteAsync(request, cancellationToken);
}
