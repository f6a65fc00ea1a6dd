using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;

namespace Keel.Core.Hooks;

/// <summary>One method per event, writing that event's input fields as the reference documents them.</summary>
public sealed partial class HookRunner
{
    /// <summary>SessionEnd hooks share this budget: the process is on its way out.</summary>
    public static readonly TimeSpan SessionEndBudget = TimeSpan.FromSeconds(1.5);

    public Task<HookOutcome> PreToolUseAsync(ToolUseBlock call, CancellationToken cancellationToken) =>
        PreToolUseAsync(call, ToolCaller.Main, cancellationToken);

    /// <param name="call">The tool call.</param>
    /// <param name="caller">The agent making it (a subagent's id and type go into the input).</param>
    /// <param name="cancellationToken">Cancels the hooks.</param>
    public Task<HookOutcome> PreToolUseAsync(ToolUseBlock call, ToolCaller caller, CancellationToken cancellationToken) =>
        RunAsync(HookEvent.PreToolUse, call.Name, w => WriteCall(w, call, withId: true, caller), (call.Name, call.Input), cancellationToken: cancellationToken);

    /// <summary>Whether <see cref="PreToolUseAsync(ToolUseBlock, ToolCaller, CancellationToken)"/> would run any handler for this call.</summary>
    public bool HasPreToolUseFor(ToolUseBlock call) => WouldRun(HookEvent.PreToolUse, call.Name, (call.Name, call.Input));

    public Task<HookOutcome> PermissionRequestAsync(ToolUseBlock call, ToolCaller caller, CancellationToken cancellationToken) =>
        RunAsync(HookEvent.PermissionRequest, call.Name, w =>
        {
            WriteCall(w, call, withId: false, caller);
            w.WriteStartArray("permission_suggestions");
            w.WriteEndArray();
        }, (call.Name, call.Input), cancellationToken: cancellationToken);

    public Task<HookOutcome> PostToolUseAsync(ToolUseBlock call, ToolResult result, TimeSpan duration, ToolCaller caller, CancellationToken cancellationToken) =>
        RunAsync(HookEvent.PostToolUse, call.Name, w =>
        {
            WriteCall(w, call, withId: true, caller);
            w.WritePropertyName("tool_response");
            if (result.Details is { } details)
            {
                details.WriteTo(w);
            }
            else
            {
                w.WriteStringValue(result.Text);
            }

            w.WriteNumber("duration_ms", (long)duration.TotalMilliseconds);
        }, (call.Name, call.Input), cancellationToken: cancellationToken);

    public Task<HookOutcome> PostToolUseFailureAsync(ToolUseBlock call, ToolResult result, bool interrupted, ToolCaller caller, CancellationToken cancellationToken) =>
        RunAsync(HookEvent.PostToolUseFailure, call.Name, w =>
        {
            WriteCall(w, call, withId: true, caller);
            w.WriteString("error", result.Text);
            w.WriteBoolean("is_interrupt", interrupted);
        }, (call.Name, call.Input), cancellationToken: cancellationToken);

    public Task<HookOutcome> UserPromptSubmitAsync(string prompt, CancellationToken cancellationToken) =>
        RunAsync(HookEvent.UserPromptSubmit, null, w => w.WriteString("prompt", prompt), cancellationToken: cancellationToken);

    public Task<HookOutcome> StopAsync(bool stopHookActive, string lastAssistantMessage, CancellationToken cancellationToken) =>
        RunAsync(HookEvent.Stop, null, w =>
        {
            w.WriteBoolean("stop_hook_active", stopHookActive);
            w.WriteString("last_assistant_message", lastAssistantMessage);
        }, cancellationToken: cancellationToken);

    /// <summary>For the subagent runner: a subagent is about to finish; a block sends it back to work.</summary>
    public Task<HookOutcome> SubagentStopAsync(string agentType, string? agentTranscriptPath, bool stopHookActive, string lastAssistantMessage, CancellationToken cancellationToken) =>
        RunAsync(HookEvent.SubagentStop, agentType, w =>
        {
            w.WriteBoolean("stop_hook_active", stopHookActive);
            w.WriteString("agent_type", agentType);
            w.WriteString("agent_transcript_path", agentTranscriptPath ?? string.Empty);
            w.WriteString("last_assistant_message", lastAssistantMessage);
        }, cancellationToken: cancellationToken);

    /// <param name="trigger"><c>manual</c> or <c>auto</c>.</param>
    /// <param name="customInstructions">The focus the user gave to /compact.</param>
    /// <param name="cancellationToken">Cancels the hooks.</param>
    public Task<HookOutcome> PreCompactAsync(string trigger, string? customInstructions, CancellationToken cancellationToken) =>
        RunAsync(HookEvent.PreCompact, trigger, w =>
        {
            w.WriteString("trigger", trigger);
            w.WriteString("custom_instructions", customInstructions ?? string.Empty);
        }, cancellationToken: cancellationToken);

    public Task<HookOutcome> PostCompactAsync(string trigger, string summary, CancellationToken cancellationToken) =>
        RunAsync(HookEvent.PostCompact, trigger, w =>
        {
            w.WriteString("trigger", trigger);
            w.WriteString("compact_summary", summary);
        }, cancellationToken: cancellationToken);

    /// <param name="source"><c>startup</c>, <c>resume</c>, <c>clear</c> or <c>compact</c>.</param>
    /// <param name="model">The session's model.</param>
    /// <param name="cancellationToken">Cancels the hooks.</param>
    public async Task<HookOutcome> SessionStartAsync(string source, string? model, CancellationToken cancellationToken)
    {
        if (EnvFile is { } envFile && Path.GetDirectoryName(envFile) is { } folder)
        {
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The hooks still run; writing the file fails in the hook, which reports it.
            }
        }

        var outcome = await RunAsync(HookEvent.SessionStart, source, w =>
        {
            w.WriteString("source", source);
            if (model is not null)
            {
                w.WriteString("model", model);
            }
        }, envFile: EnvFile, cancellationToken: cancellationToken);
        if (EnvFile is { } file && ShellEnvironment is { } environment)
        {
            foreach (var (name, value) in HookEnvFile.Read(file))
            {
                environment[name] = value;
            }
        }

        return outcome;
    }

    /// <param name="reason"><c>clear</c>, <c>resume</c>, <c>logout</c>, <c>prompt_input_exit</c> or <c>other</c>.</param>
    /// <param name="cancellationToken">Cancels the hooks.</param>
    public Task<HookOutcome> SessionEndAsync(string reason, CancellationToken cancellationToken) =>
        RunAsync(HookEvent.SessionEnd, reason, w => w.WriteString("reason", reason), budget: SessionEndBudget, cancellationToken: cancellationToken);

    /// <summary>For the interactive surface: it is waiting for the user (permission prompt, idle input).</summary>
    /// <param name="message">What the user is asked.</param>
    /// <param name="title">A short title.</param>
    /// <param name="notificationType"><c>permission_prompt</c>, <c>idle_prompt</c>, ...</param>
    /// <param name="cancellationToken">Cancels the hooks.</param>
    public Task<HookOutcome> NotificationAsync(string message, string? title, string notificationType, CancellationToken cancellationToken) =>
        RunAsync(HookEvent.Notification, notificationType, w =>
        {
            w.WriteString("message", message);
            w.WriteString("title", title ?? "Keel");
            w.WriteString("notification_type", notificationType);
        }, cancellationToken: cancellationToken);

    private static void WriteCall(Utf8JsonWriter w, ToolUseBlock call, bool withId, ToolCaller caller)
    {
        if (caller.AgentId is { } agentId)
        {
            w.WriteString("agent_id", agentId);
            w.WriteString("agent_type", caller.AgentType ?? string.Empty);
        }

        w.WriteString("tool_name", call.Name);
        w.WritePropertyName("tool_input");
        call.Input.WriteTo(w);
        if (withId)
        {
            w.WriteString("tool_use_id", call.Id);
        }
    }
}
