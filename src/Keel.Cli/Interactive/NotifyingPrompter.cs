using System.Text.Json;
using Keel.Core.Hooks;
using Keel.Core.Permissions;

namespace Keel.Cli.Interactive;

/// <summary>
/// Fires the Notification hook when a permission dialog starts waiting for the user (so a desktop
/// notifier can call them back), then lets the dialog answer. Hooks are set once the session exists.
/// </summary>
public sealed class NotifyingPrompter(IPermissionPrompter inner) : IPermissionPrompter
{
    public HookRunner? Hooks { get; set; }

    public async ValueTask<PermissionAnswer> AskAsync(string toolName, JsonElement input, PermissionDecision decision, CancellationToken cancellationToken)
    {
        if (Hooks is { } hooks && hooks.Has(HookEvent.Notification))
        {
            // Not awaited: a slow notifier must not delay the dialog.
            _ = hooks.NotificationAsync($"Keel needs your permission to use {toolName}", "Permission needed", "permission_prompt", CancellationToken.None);
        }

        return await inner.AskAsync(toolName, input, decision, cancellationToken);
    }
}
