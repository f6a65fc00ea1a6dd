using System.Text.Json;

namespace Keel.Core.Permissions;

/// <summary>Headless runs have nobody to ask: every "ask" becomes a denial the model can read.</summary>
public sealed class DenyingPrompter : IPermissionPrompter
{
    public ValueTask<PermissionAnswer> AskAsync(string toolName, JsonElement input, PermissionDecision decision, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new PermissionAnswer(PermissionAnswerKind.Reject));
}
