namespace Keel.Core.Model;

/// <summary>
/// One streaming call to the model. Implementations make exactly one attempt; failures
/// surface as <see cref="ModelCallException"/> and the caller decides whether to retry.
/// </summary>
public interface IModelClient
{
    IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, CancellationToken cancellationToken);
}
