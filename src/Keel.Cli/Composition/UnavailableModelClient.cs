using Keel.Core.Model;

namespace Keel.Cli.Composition;

/// <summary>The model of a run that needs none (<c>keel mcp serve</c> without an API key): each call fails with the reason.</summary>
internal sealed class UnavailableModelClient(string reason) : IModelClient
{
    public IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, CancellationToken cancellationToken) =>
        throw new ModelCallException(new ModelError(ModelErrorKind.Authentication, reason, ShouldRetry: false));
}
