using System.Text.Json;
using Keel.Core.Hooks;

namespace Keel.Cli.Headless;

/// <summary>
/// <c>--include-hook-events</c> with stream-json output (with or without stream-json input): every hook run is
/// framed by <c>system/hook_started</c> and <c>system/hook_response</c> lines, as the reference client writes them.
/// </summary>
/// <param name="writeLine">Writes one whole JSON object line to stdout (never interleaved with other lines).</param>
public sealed class HookEventExecutor(IHookExecutor inner, Action<Action<Utf8JsonWriter>> writeLine, Func<string> sessionId) : IHookExecutor
{
    public async Task<HookExecution> ExecuteAsync(HookRequest request, CancellationToken cancellationToken)
    {
        var (eventName, target) = Describe(request.Input);
        var hookId = Guid.NewGuid().ToString();
        var hookName = target is null ? eventName : $"{eventName}:{target}";
        Write("hook_started", hookId, hookName, eventName, null, request.Handler.StatusMessage);
        var execution = await inner.ExecuteAsync(request, cancellationToken);
        Write("hook_response", hookId, hookName, eventName, execution, null);
        return execution;
    }

    private void Write(string subtype, string hookId, string hookName, string eventName, HookExecution? execution, string? statusMessage) => writeLine(w =>
    {
        w.WriteString("type", "system");
        w.WriteString("subtype", subtype);
        w.WriteString("hook_id", hookId);
        w.WriteString("hook_name", hookName);
        w.WriteString("hook_event", eventName);
        if (statusMessage is not null)
        {
            // What the terminal shows while the hook runs (the handler's statusMessage).
            w.WriteString("status_message", statusMessage);
        }

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

    /// <summary>The event name and what its matcher filters on, read from the hook's input.</summary>
    private static (string Event, string? Target) Describe(string input)
    {
        try
        {
            using var document = JsonDocument.Parse(input);
            var root = document.RootElement;
            string? Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return (Field("hook_event_name") ?? "unknown", Field("tool_name") ?? Field("source") ?? Field("trigger"));
        }
        catch (JsonException)
        {
            return ("unknown", null);
        }
    }
}
