using System.Text.Json;
using Keel.Core.Hooks;

namespace Keel.Cli.Headless.StreamInput;

/// <summary>
/// Runs hooks for an SDK host. A handler of type <c>callback</c> (registered from <c>initialize</c>) is a
/// <c>hook_callback</c> control request; the host's answer is the hook's JSON output, interpreted exactly like a
/// command hook's stdout. Other handlers run as usual.
/// </summary>
public sealed class SdkHookExecutor(IHookExecutor inner, ControlChannel channel, IReadOnlySet<string> blockingCallbacks, TimeProvider time) : IHookExecutor
{
    public const string CallbackType = "callback";

    public Task<HookExecution> ExecuteAsync(HookRequest request, CancellationToken cancellationToken) =>
        request.Handler.Type == CallbackType ? CallAsync(request, ToolUseId(request.Input), cancellationToken) : inner.ExecuteAsync(request, cancellationToken);

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

    /// <summary>The tool call id a hook's input names, if any.</summary>
    private static string? ToolUseId(string input)
    {
        try
        {
            using var document = JsonDocument.Parse(input);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("tool_use_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
