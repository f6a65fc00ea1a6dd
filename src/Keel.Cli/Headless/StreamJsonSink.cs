using System.Text.Json;
using Keel.Cli.Headless.StreamInput;
using Keel.Core.Agent;
using Keel.Core.Compaction;
using Keel.Core.Hooks;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Sessions;
using Keel.Core.Tools;

namespace Keel.Cli.Headless;

/// <summary>
/// <c>--output-format stream-json</c>: one JSON object per line as the run progresses — init,
/// one assistant line per content block, one user line per tool result, retries, the result.
/// Assistant lines are written once their message is complete: blocks of an attempt that is then
/// abandoned (a cut stream, a retry) never appear; partial output is only in <c>stream_event</c> lines.
/// A subagent's assistant blocks, tool results and stream events are written the same way with
/// <c>parent_tool_use_id</c> set to the Agent call that started it, as the reference client does.
/// </summary>
public sealed class StreamJsonSink(HeadlessContext context, int? maxTurns) : IHeadlessSink
{
    private Utf8JsonWriter? _writer;
    private readonly List<AssistantBlockCompleted> _pendingBlocks = [];

    /// <summary>A subagent's finished blocks waiting for its message to complete, per Agent call (subagents run in parallel).</summary>
    private readonly Dictionary<string, List<AssistantBlockCompleted>> _pendingChildBlocks = new(StringComparer.Ordinal);

    public void Start() => Line(w =>
    {
        var session = context.Session;
        w.WriteString("type", "system");
        w.WriteString("subtype", "init");
        w.WriteString("cwd", session.Tools.ProjectDirectory);
        w.WriteString("session_id", session.SessionId);
        w.WritePropertyName("tools");
        w.WriteStartArray();
        foreach (var tool in session.Loop.OfferedTools)
        {
            w.WriteStringValue(tool.Name);
        }

        w.WriteEndArray();
        w.WritePropertyName("mcp_servers");
        w.WriteStartArray();
        w.WriteEndArray();
        w.WriteString("model", session.Model);
        w.WriteString("permissionMode", PermissionModes.Name(session.Policy.Mode));
        w.WritePropertyName("slash_commands");
        w.WriteStartArray();
        w.WriteEndArray();
        w.WriteString("apiKeySource", "ANTHROPIC_API_KEY");
        w.WriteString("keel_version", Composition.KeelVersion.Current);
        w.WriteString("output_style", "default");
        w.WritePropertyName("agents");
        w.WriteStartArray();
        w.WriteEndArray();
        w.WritePropertyName("skills");
        w.WriteStartArray();
        w.WriteEndArray();
        w.WritePropertyName("plugins");
        w.WriteStartArray();
        w.WriteEndArray();
        w.WritePropertyName("additional_directories");
        w.WriteStartArray();
        foreach (var dir in session.Tools.AllowedDirectories.Skip(1))
        {
            w.WriteStringValue(dir);
        }

        w.WriteEndArray();
        w.WriteString("uuid", Guid.NewGuid().ToString());
    });

    public void OnEvent(AgentEvent agentEvent)
    {
        switch (agentEvent)
        {
            case SubagentEvent forwarded:
                WriteSubagentEvent(forwarded);
                break;
            case StreamEventReceived received when context.IncludePartialMessages && (!received.Event.RawUtf8.IsEmpty || received.Event.Raw is not null):
                WriteStreamEvent(received, null);
                break;
            case RequestStarted:
                // A new attempt: whatever the last one finished of its message is abandoned with it.
                _pendingBlocks.Clear();
                if (context.IncludePartialMessages)
                {
                    SystemLine("status", w =>
                    {
                        w.WriteString("status", "requesting");
                    });
                }

                break;
            case AssistantBlockCompleted block:
                _pendingBlocks.Add(block);
                break;
            case AssistantMessageCompleted:
                foreach (var pending in _pendingBlocks)
                {
                    WriteAssistantBlock(pending, null);
                }

                _pendingBlocks.Clear();
                break;
            case ToolFinished finished:
                WriteToolResult(finished, null);
                break;
            case HookNotice notice:
                SystemLine("hook_message", w =>
                {
                    w.WriteString("hook_event", notice.Event.ToString());
                    w.WriteString("message", notice.Message);
                });
                break;
            case ModelFallbackActivated fallback:
                SystemLine("model_fallback", w =>
                {
                    w.WriteString("from", fallback.From);
                    w.WriteString("to", fallback.To);
                    w.WriteString("message", fallback.Error.Category == Keel.Core.Model.ModelErrorCategory.ModelNotFound
                        ? $"{fallback.From} {fallback.Why}; continuing with {fallback.To}."
                        : $"{fallback.From} kept answering overloaded; continuing with {fallback.To}.");
                });
                break;
            case RetryHeartbeat heartbeat:
                SystemLine("api_retry_waiting", w =>
                {
                    w.WriteNumber("attempt", heartbeat.Attempt);
                    w.WriteNumber("waited_ms", (long)heartbeat.Waited.TotalMilliseconds);
                    w.WriteNumber("remaining_ms", (long)heartbeat.Remaining.TotalMilliseconds);
                });
                break;
            case ContextCompacted compacted:
                SystemLine("compact_boundary", w =>
                {
                    w.WritePropertyName("compact_metadata");
                    w.WriteStartObject();
                    w.WriteString("trigger", compacted.Trigger == CompactTrigger.Manual ? "manual" : "auto");
                    w.WriteNumber("pre_tokens", compacted.PreTokens);
                    w.WriteEndObject();
                });
                break;
            case RetryScheduled retry:
                SystemLine("api_retry", w =>
                {
                    w.WriteNumber("attempt", retry.Attempt);
                    w.WriteNumber("max_retries", retry.MaxRetries);
                    w.WriteNumber("retry_delay_ms", (long)retry.Delay.TotalMilliseconds);
                    if (retry.Error.Status is { } status)
                    {
                        w.WriteNumber("error_status", status);
                    }
                    else
                    {
                        w.WriteNull("error_status");
                    }

                    w.WriteString("error", retry.Error.ErrorType ?? retry.Error.Kind.ToString().ToLowerInvariant());
                    w.WriteString("message", retry.Error.Message);
                });
                break;
        }
    }

    public int Finish(TurnFinished finished)
    {
        // ResultJson writes the whole object; it goes straight to stdout like every other line.
        Line(writer => ResultJson.Write(writer, finished, context, maxTurns), wrap: false);
        return ResultJson.ExitCode(finished, context);
    }

    /// <summary>
    /// A subagent's event: its assistant blocks (once its message is complete), tool results and raw stream events,
    /// tagged with the Agent call that started it (the innermost one for nested agents). Other events stay inside.
    /// </summary>
    private void WriteSubagentEvent(SubagentEvent forwarded)
    {
        var inner = forwarded;
        while (inner.Event is SubagentEvent nested)
        {
            inner = nested;
        }

        var parent = inner.ParentToolUseId;
        switch (inner.Event)
        {
            case StreamEventReceived received when context.IncludePartialMessages && (!received.Event.RawUtf8.IsEmpty || received.Event.Raw is not null):
                WriteStreamEvent(received, inner);
                break;
            case RequestStarted:
                _pendingChildBlocks.Remove(parent);
                break;
            case AssistantBlockCompleted block:
                if (!_pendingChildBlocks.TryGetValue(parent, out var pending))
                {
                    _pendingChildBlocks[parent] = pending = [];
                }

                pending.Add(block);
                break;
            case AssistantMessageCompleted:
                if (_pendingChildBlocks.Remove(parent, out var blocks))
                {
                    foreach (var block in blocks)
                    {
                        WriteAssistantBlock(block, inner);
                    }
                }

                break;
            case ToolFinished finished:
                WriteToolResult(finished, inner);
                break;
            case TurnFinished:
                _pendingChildBlocks.Remove(parent);
                break;
        }
    }

    private void WriteStreamEvent(StreamEventReceived received, SubagentEvent? child) => Line(w =>
    {
        w.WriteString("type", "stream_event");
        w.WritePropertyName("event");
        if (!received.Event.RawUtf8.IsEmpty)
        {
            w.WriteRawValue(received.Event.RawUtf8, skipInputValidation: false);
        }
        else
        {
            w.WriteRawValue(received.Event.Raw!, skipInputValidation: false);
        }

        w.WriteString("session_id", context.Session.SessionId);
        WriteParent(w, child);
        w.WriteString("uuid", Guid.NewGuid().ToString());
    });

    private void WriteAssistantBlock(AssistantBlockCompleted block, SubagentEvent? child) => Line(w =>
    {
        w.WriteString("type", "assistant");
        w.WritePropertyName("message");
        w.WriteStartObject();
        w.WriteString("id", block.MessageId);
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", block.Model);
        w.WritePropertyName("content");
        w.WriteStartArray();
        MessageJson.WriteBlock(w, block.Block);
        w.WriteEndArray();
        w.WriteNull("stop_reason");
        w.WriteNull("stop_sequence");
        UsageJson.Write(w, "usage", block.Usage);
        w.WriteEndObject();
        WriteParent(w, child);
        if (child is not null)
        {
            w.WriteString("agent_id", child.AgentId);
            w.WriteString("subagent_type", child.AgentType);
        }

        w.WriteString("session_id", context.Session.SessionId);
        w.WriteString("uuid", Guid.NewGuid().ToString());
        w.WriteString("request_id", block.RequestId);
    });

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
        w.WriteString("timestamp", context.Session.Tools.Time.GetUtcNow().ToString("O"));
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
        w.WriteString("permission_decision", finished.Decision.Behavior switch
        {
            PermissionBehavior.Allow => "allow",
            PermissionBehavior.Ask => "ask",
            _ => "deny",
        });
        w.WriteEndObject();
        w.WriteEndArray();
    });

    /// <summary><c>parent_tool_use_id</c>: null for the main conversation, the Agent call's id for a subagent's line.</summary>
    private static void WriteParent(Utf8JsonWriter w, SubagentEvent? child)
    {
        if (child is null)
        {
            w.WriteNull("parent_tool_use_id");
        }
        else
        {
            w.WriteString("parent_tool_use_id", child.ParentToolUseId);
        }
    }

    /// <summary>A <c>{"type":"system","subtype":...}</c> line with the session id and a fresh uuid.</summary>
    private void SystemLine(string subtype, Action<Utf8JsonWriter> body) => Line(w =>
    {
        w.WriteString("type", "system");
        w.WriteString("subtype", subtype);
        body(w);
        w.WriteString("session_id", context.Session.SessionId);
        w.WriteString("uuid", Guid.NewGuid().ToString());
    });

    /// <summary>
    /// One line, written through to stdout: a long string inside it (a huge answer) is sent on in segments
    /// as it is encoded instead of being held whole in a buffer. When stdout is shared with the control
    /// channel (stream-json input), the line holds it from start to newline so nothing interleaves.
    /// </summary>
    private void Line(Action<Utf8JsonWriter> body, bool wrap = true)
    {
        var gate = (context.Stdout as LockedStream)?.LineGate;
        gate?.Enter();
        try
        {
            var writer = _writer ??= new Utf8JsonWriter(context.Stdout, OutputJson.Options);
            writer.Reset(context.Stdout);
            if (wrap)
            {
                writer.WriteStartObject();
            }

            body(writer);
            if (wrap)
            {
                writer.WriteEndObject();
            }

            writer.Flush();
            context.Stdout.Write("\n"u8);
            context.Stdout.Flush();
        }
        finally
        {
            gate?.Exit();
        }
    }
}
