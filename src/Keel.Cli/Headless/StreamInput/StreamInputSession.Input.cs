using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Sessions;

namespace Keel.Cli.Headless.StreamInput;

/// <summary>Reading stdin: user messages are queued, control requests answered or queued, responses routed.</summary>
public sealed partial class StreamInputSession
{
    private async Task ReadInputAsync(TextReader stdin, CancellationToken stop)
    {
        try
        {
            while (await stdin.ReadLineAsync(stop) is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    Dispatch(line);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down; nothing more to read.
        }
        catch (IOException ex)
        {
            await stderr.WriteLineAsync($"Warning: reading stdin failed: {ex.Message}");
        }
        finally
        {
            channel.Close();
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

        _ = _session.Submit(new SendUserTurn(new Message(Role.User, blocks)) { Id = id });
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
                channel.Succeed(id, WriteInitialize);
                break;
            case "interrupt":
                Interrupt();
                channel.Succeed(id);
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
                _ = SetModelAsync(id, StringField(request, "model"));
                break;
            case "compact":
                QueueCompact(id, StringField(request, "focus") ?? StringField(request, "instructions"));
                break;
            default:
                channel.Fail(id, $"Keel does not support the control request '{subtype ?? "(none)"}'");
                break;
        }
    }

    private void WriteInitialize(Utf8JsonWriter w)
    {
        w.WriteStartArray("commands");
        w.WriteStartObject();
        w.WriteString("name", "compact");
        w.WriteString("description", "Summarise the conversation so far to free context (optional focus)");
        w.WriteString("argumentHint", "[focus]");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("output_style", "default");
        w.WriteStartArray("available_output_styles");
        w.WriteStringValue("default");
        w.WriteEndArray();
        w.WriteStartArray("models");
        w.WriteStartObject();
        w.WriteString("value", setup.Loop.Model);
        w.WriteString("displayName", setup.Loop.Model);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("session_id", setup.SessionId);
        w.WriteString("permissionMode", PermissionModes.Name(setup.Policy.Mode));
    }

    private void Warn(string message) => stderr.WriteLine($"Warning: {message}");

    private static string? StringField(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Preview(string line) => line.Length <= 120 ? line : line[..120] + "…";
}
