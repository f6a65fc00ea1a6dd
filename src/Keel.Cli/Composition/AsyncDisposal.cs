namespace Keel.Cli.Composition;

/// <summary>Lets the builder keep one ordered list of what it started, synchronous or not.</summary>
internal sealed class AsyncDisposal(IDisposable inner) : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        inner.Dispose();
        return ValueTask.CompletedTask;
    }
}
