using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Sessions;

namespace Keel.Cli.Headless.StreamInput;

/// <summary>Reading stdin: user messages are queued, control requests answered or queued, responses routed.</summary>
public sealed partial class StreamInputSession
{
    private async Task ReadInputAsync(System.Threading.Channels.ChannelReader<string> lines, CancellationToken stop)
    {
        try
        {
            await foreach (var line in lines.ReadAllAsync(stop))
            {
                Dispatch(line);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down; nothing more to read.
        }
        finally
        {
            _session.Complete();
        }
    }

    private void Dispatch(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            Warn($"ignoring a stdin line that is not JSON ({ex.Message}): {Preview(line)}");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            switch (type)
            {
                case "user":
                    QueueUserMessage(root, line);
                    break;
                case "control_request":
                    HandleControlRequest(root);
                    break;
                case "control_response":
                    channel.OnResponse(root);
                    break;
                case "control_cancel_request" or "keep_alive":
                    break;
                default:
                    Warn($"ignoring a stdin line of unknown type '{type ?? "(none)"}': {Preview(line)}");
                    break;
            }
        }
    }

    private void QueueUserMessage(JsonElement root, string line)
    {
        if (!root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object
            || !message.TryGetProperty("content", out var content) || content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            Warn($"ignoring a user line without message.content: {Preview(line)}");
            return;
        }

        var blocks = MessageJson.ReadContent(content);
        if (blocks.Count == 0)
        {
            Warn("ignoring a user message with empty content");
            return;
        }

        // The host's uuid is the prompt's id: rewind_files and --rewind-files name it.
        var id = root.TryGetProperty("uuid", out var u) && u.ValueKind == JsonValueKind.String && u.GetString() is { Length: > 0 } given ? given : null;
        if (options.ReplayUserMessages)
        {
            // --replay-user-messages: the host matches its message by uuid (a fresh one when it sent none).
            var uuid = id ??= Guid.NewGuid().ToString();
            var echoed = message.Clone();
            channel.WriteLine(w =>
            {
                w.WriteString("type", "user");
                w.WritePropertyName("message");
                echoed.WriteTo(w);
                w.WriteNull("parent_tool_use_id");
                w.WriteString("session_id", setup.SessionId);
                w.WriteString("uuid", uuid);
                w.WriteBoolean("isReplay", true);
            });
        }

        TurnQueued();
        _ = _session.Submit(new SendUserTurn(new Message(Role.User, blocks), _thinking) { Id = id });
    }

    private void HandleControlRequest(JsonElement root)
    {
        var id = root.TryGetProperty("request_id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : string.Empty;
        if (!root.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object)
        {
            channel.Fail(id, "control_request without a request object");
            return;
        }

        var subtype = StringField(request, "subtype");
        switch (subtype)
        {
            case "initialize":
                // A later initialize (the SDK's reinitialize) is answered; what it carries applies at start-up only.
                channel.Succeed(id, w => WriteInitialize(w, null));
                break;
            case "interrupt":
                Interrupt();
                channel.Succeed(id, static w =>
                {
                    w.WriteStartArray("still_queued");
                    w.WriteEndArray();
                });
                break;
            case "set_permission_mode":
                if (PermissionModes.Parse(StringField(request, "mode")) is { } mode)
                {
                    _ = _session.Submit(new SetMode(mode));
                    channel.Succeed(id, w => w.WriteString("mode", PermissionModes.Name(mode)));
                }
                else
                {
                    channel.Fail(id, $"unknown permission mode '{StringField(request, "mode")}'; use default, acceptEdits, plan, dontAsk or bypassPermissions");
                }

                break;
            case "set_model":
                Answering(SetModelAsync(id, StringField(request, "model")));
                break;
            case "set_max_thinking_tokens":
                SetThinking(id, request);
                break;
            case "compact":
                QueueCompact(id, StringField(request, "focus") ?? StringField(request, "instructions"));
                break;
            case "mcp_status":
                channel.Succeed(id, WriteMcpStatus);
                break;
            case "get_context_usage":
                channel.Succeed(id, WriteContextUsage);
                break;
            case "mcp_set_servers":
                Answering(SetMcpServersAsync(id, request));
                break;
            case "mcp_reconnect" or "mcp_toggle":
                Answering(ChangeMcpServerAsync(id, subtype, request));
                break;
            case "stop_task":
                Answering(StopTaskAsync(id, StringField(request, "task_id")));
                break;
            case "rewind_files":
                Answering(RewindFilesAsync(id, request));
                break;
            default:
                channel.Fail(id, $"Keel does not support the control request '{subtype ?? "(none)"}'");
                break;
        }
    }

    private void Warn(string message) => stderr.WriteLine($"Warning: {message}");

    private static string? StringField(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Preview(string line) => line.Length <= 120 ? line : line[..120] + "…";
}
