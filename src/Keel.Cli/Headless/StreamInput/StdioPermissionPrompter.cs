using System.Text.Json;
using Keel.Core.Permissions;

namespace Keel.Cli.Headless.StreamInput;

/// <summary>
/// <c>--permission-prompt-tool stdio</c>: each permission ask becomes a <c>can_use_tool</c> control
/// request, and the host's allow (optionally with an edited input) or deny decides.
/// </summary>
public sealed class StdioPermissionPrompter(ControlChannel channel) : IPermissionPrompter
{
    public ValueTask<PermissionAnswer> AskAsync(string toolName, JsonElement input, PermissionDecision decision, CancellationToken cancellationToken) =>
        AskAsync(toolName, input, decision, null, cancellationToken);

    /// <summary>Asks with the call's id, which the SDK hands to its canUseTool callback as <c>toolUseID</c>.</summary>
    public async ValueTask<PermissionAnswer> AskAsync(string toolName, JsonElement input, PermissionDecision decision, string? toolUseId, CancellationToken cancellationToken)
    {
        JsonElement reply;
        try
        {
            reply = await channel.RequestAsync(
                "can_use_tool",
                w =>
                {
                    w.WriteString("tool_name", toolName);
                    w.WritePropertyName("input");
                    input.WriteTo(w);
                    w.WriteString("decision_reason", decision.Reason);
                    if (toolUseId is not null)
                    {
                        w.WriteString("tool_use_id", toolUseId);
                    }
                },
                cancellationToken);
        }
        catch (ControlRequestFailedException ex)
        {
            return new PermissionAnswer(PermissionAnswerKind.Reject, ex.Message);
        }

        return Read(reply);
    }

    /// <summary>The host's <c>{"behavior":"allow"|"deny", ...}</c>; anything else is a refusal.</summary>
    public static PermissionAnswer Read(JsonElement reply)
    {
        var behavior = reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("behavior", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
        if (behavior == "allow")
        {
            return new PermissionAnswer(PermissionAnswerKind.AllowOnce)
            {
                UpdatedInput = reply.TryGetProperty("updatedInput", out var updated) && updated.ValueKind == JsonValueKind.Object ? updated.Clone() : null,
                UpdatedPermissions = reply.TryGetProperty("updatedPermissions", out var permissions) && permissions.ValueKind == JsonValueKind.Array ? permissions.Clone() : null,
            };
        }

        var message = reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        return new PermissionAnswer(PermissionAnswerKind.Reject, message ?? (behavior is null ? "the SDK host sent no decision" : null));
    }
}
