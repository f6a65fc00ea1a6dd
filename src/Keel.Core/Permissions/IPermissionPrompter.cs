using System.Text.Json;

namespace Keel.Core.Permissions;

/// <summary>Turns an "ask" into an answer: a person at a terminal, a headless policy, or an SDK host.</summary>
public interface IPermissionPrompter
{
    ValueTask<PermissionAnswer> AskAsync(string toolName, JsonElement input, PermissionDecision decision, CancellationToken cancellationToken);
}
