using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Cli.Headless;

/// <summary>Tool results as stream-json <c>user</c> lines, with the permission decision in the reference client's words.</summary>
public sealed partial class StreamJsonSink
{
    /// <summary>The reason a call that never reached its permission check carries.</summary>
    private const string NotEvaluated = "not evaluated";

    /// <summary>
    /// A call refused without anyone being asked (a rule, the mode, nobody to answer): what <c>permission_denied</c>
    /// reports. As in the reference client, refusals the host or a person gave when asked, and PreToolUse hook
    /// refusals, are not repeated there (<c>permission_denials</c> in the result lists every one).
    /// </summary>
    private static bool IsAutoDenial(PermissionDecision decision) =>
        decision.Behavior == PermissionBehavior.Deny && decision.Reason != NotEvaluated && !decision.Prompted && decision.Source != "hook";

    /// <summary>Who decided, in the words of the reference client's tool decisions.</summary>
    private static string DecisionSource(PermissionDecision decision) => decision switch
    {
        { Prompted: true, Behavior: PermissionBehavior.Allow, Always: true } => "user_permanent",
        { Prompted: true, Behavior: PermissionBehavior.Allow } => "user_temporary",
        { Prompted: true } => "user_reject",
        { Source: "hook" } => "hook",
        _ => "config",
    };

    private static string DecisionReasonType(PermissionDecision decision) => decision.Source switch
    {
        "hook" => "hook",
        "mode" => "mode",
        "prompt" or "host" => "permissionPromptTool",
        _ when decision.Rule is not null => "rule",
        _ => "other",
    };

    private void WriteToolResult(ToolFinished finished, SubagentEvent? child) => Line(w =>
    {
        w.WriteString("type", "user");
        w.WritePropertyName("message");
        w.WriteStartObject();
        w.WriteString("role", "user");
        w.WritePropertyName("content");
        w.WriteStartArray();
        MessageJson.WriteBlock(w, new ToolResultBlock(finished.Call.Id, finished.Result.Content, finished.Result.IsError));
        w.WriteEndArray();
        w.WriteEndObject();
        WriteParent(w, child);
        w.WriteString("session_id", context.Session.SessionId);
        w.WriteString("uuid", Guid.NewGuid().ToString());
        w.WriteString("timestamp", Timestamp());
        w.WritePropertyName("tool_use_result");
        if (finished.Result.Details is { } details)
        {
            details.WriteTo(w);
        }
        else
        {
            w.WriteStringValue(finished.Result.Text);
        }

        w.WritePropertyName("tool_result_meta");
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteString("id", finished.Call.Id);
        if (finished.Decision.Reason != NotEvaluated)
        {
            // The reference object: decision accept|reject, who decided (source), and the reason's kind.
            w.WriteStartObject("permission_decision");
            w.WriteString("decision", finished.Decision.Behavior == PermissionBehavior.Allow ? "accept" : "reject");
            w.WriteString("source", DecisionSource(finished.Decision));
            w.WriteString("reason_type", DecisionReasonType(finished.Decision));
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndArray();
    });
}
