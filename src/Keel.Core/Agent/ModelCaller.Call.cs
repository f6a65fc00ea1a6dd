using Keel.Core.Model;

namespace Keel.Core.Agent;

public sealed partial class ModelCaller
{
    /// <summary>
    /// Runs a call to its end for a caller that shows no progress (the compaction summary, side requests):
    /// the same attempts, protocol checks, output limits and retries as the agent loop's calls, with the
    /// events dropped. A broken or cut stream is retried, never half used.
    /// </summary>
    public async Task<ModelCallResult> CallAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        var result = new ModelCallResult();
        await foreach (var _ in StreamAsync(request, requestIndex: 0, result, cancellationToken).ConfigureAwait(false))
        {
        }

        return result;
    }
}
