using System.Text.Json;
using Keel.Core.Hooks;

namespace Keel.Cli.Headless.StreamInput;

/// <summary>
/// Runs hooks for an SDK host. A handler of type <c>callback</c> (registered from <c>initialize</c>) is a
/// <c>hook_callback</c> control request; the host's answer is the hook's JSON output, interpreted exactly like a
/// command hook's stdout. Other handlers run as usual. With <c>--include-hook-events</c> every run is framed by
/// <c>hook_started</c> / <c>hook_response</c> system lines.
/// </summary>
public sealed class SdkHookExecutor(IHookExecutor inner, ControlChannel channel, IReadOnlySet<string> blockingCallbacks, TimeProvider time) : IHookExecutor
{
    public const string CallbackType = "callback";

    /// <summary>Set when the host asked for hook events; gives the session id for the lines.</summary>
    public Func<string>? HookEventsFor { get; init; }

    public async Task<HookExecution> ExecuteAsync(HookRequest request, CancellationToken cancellationToken)
    {
        var (eventName, target, toolUseId) = Describe(request.Input);
        var hookId = Guid.NewGuid().ToString();
        var hookName = target is null ? eventName : $"{eventName}:{target}";
        WriteEvent("hook_started", hookId, hookName, eventName, null);
        var execution = request.Handler.Type == CallbackType
            ? await CallAsync(request, toolUseId, cancellationToken)
            : await inner.ExecuteAsync(request, cancellationToken);
        WriteEvent("hook_response", hookId, hookName, eventName, execution);
        return execution;
    }

    private async Task<HookExecution> CallAsync(HookRequest request, string? toolUseId, CancellationToken cancellationToken)
    {
        var callbackId = request.Handler.Command ?? string.Empty;
        var blocks = blockingCallbacks.Contains(callbackId);
        using var timeout = new CancellationTokenSource(request.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var answer = await channel.RequestAsync(
                "hook_callback",
                w =>
                {
                    w.WriteString("callback_id", callbackId);
                    w.WritePropertyName("input");
                    w.WriteRawValue(request.Input, skipInputValidation: true);
                    if (toolUseId is not null)
                    {
                        w.WriteString("tool_use_id", toolUseId);
                    }
                },
                linked.Token);
            return new HookExecution(0, answer.ValueKind == JsonValueKind.Object ? answer.GetRawText() : string.Empty, string.Empty);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return blocks
                ? new HookExecution(2, string.Empty, $"the SDK hook callback {callbackId} did not answer within {request.Timeout.TotalSeconds:0} s (onFailure: block)")
                : new HookExecution(null, string.Empty, string.Empty, TimedOut: true);
        }
        catch (ControlRequestFailedException ex)
        {
            return blocks
                ? new HookExecution(2, string.Empty, $"the SDK hook callback {callbackId} failed (onFailure: block): {ex.Message}")
                : HookExecution.Failed($"the SDK hook callback {callbackId} failed: {ex.Message}");
        }
    }

    private void WriteEvent(string subtype, string hookId, string hookName, string eventName, HookExecution? execution)
    {
        if (HookEventsFor is not { } sessionId)
        {
            return;
        }

        channel.WriteLine(w =>
        {
            w.WriteString("type", "system");
            w.WriteString("subtype", subtype);
            w.WriteString("hook_id", hookId);
            w.WriteString("hook_name", hookName);
            w.WriteString("hook_event", eventName);
            if (execution is not null)
            {
                w.WriteString("output", execution.Stdout + execution.Stderr);
                w.WriteString("stdout", execution.Stdout);
                w.WriteString("stderr", execution.StartError is { } why ? why : execution.Stderr);
                if (execution.ExitCode is { } code)
                {
                    w.WriteNumber("exit_code", code);
                }

                w.WriteString("outcome", execution.TimedOut ? "cancelled" : execution.ExitCode == 0 ? "success" : "error");
            }

            w.WriteString("session_id", sessionId());
            w.WriteString("uuid", Guid.NewGuid().ToString());
        });
    }

    /// <summary>The event name, what its matcher filters on, and the tool call id, read from the hook's input.</summary>
    private static (string Event, string? Target, string? ToolUseId) Describe(string input)
    {
        try
        {
            using var document = JsonDocument.Parse(input);
            var root = document.RootElement;
            string? Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return (Field("hook_event_name") ?? "unknown", Field("tool_name") ?? Field("source") ?? Field("trigger"), Field("tool_use_id"));
        }
        catch (JsonException)
        {
            return ("unknown", null, null);
        }
    }
}
