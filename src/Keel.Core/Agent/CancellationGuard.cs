using System.Runtime.CompilerServices;

namespace Keel.Core.Agent;

/// <summary>Ends an event stream quietly when the user cancels, recording that it did.</summary>
internal static class CancellationGuard
{
    public static async IAsyncEnumerable<T> StopOnCancel<T>(
        IAsyncEnumerable<T> source,
        StrongBox<bool> cancelled,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var enumerator = source.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                cancelled.Value = true;
                yield break;
            }

            yield return enumerator.Current;
        }
    }
}
