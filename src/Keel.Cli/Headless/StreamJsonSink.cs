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
public sealed partial class StreamJsonSink(HeadlessContext context, int? maxTurns) : IHeadlessSink
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
        // Deferred tools too: the model can load and call them.
        foreach (var name in session.Loop.ToolNames)
        {
            w.WriteStringValue(name);
        }

        w.WriteEndArray();
        w.WritePropertyName("mcp_servers");
        w.WriteStartArray();
        foreach (var server in session.Mcp?.Hub.Servers ?? [])
        {
            w.WriteStartObject();
            w.WriteString("name", server.Name);
            w.WriteString("status", server.Status().StateName);
            w.WriteString("source", server.Config.Scope);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("model", session.Session.Model);
        w.WriteString("permissionMode", PermissionModes.Name(session.Policy.Mode));
        w.WritePropertyName("slash_commands");
        w.WriteStartArray();
        foreach (var command in Commands.CommandCatalog.Build(session).All.Where(static c => !c.InteractiveOnly))
        {
            w.WriteStringValue(command.Name);
        }

        w.WriteEndArray();
        w.WriteString("apiKeySource", "ANTHROPIC_API_KEY");
        w.WriteString("claude_code_version", Composition.KeelVersion.Current);
        w.WriteString("keel_version", Composition.KeelVersion.Current);
        w.WriteString("output_style", "default");
        w.WritePropertyName("agents");
        w.WriteStartArray();
        foreach (var agent in session.Subagents?.Catalog.All ?? [])
        {
            w.WriteStringValue(agent.Name);
        }

        w.WriteEndArray();
        w.WritePropertyName("skills");
        w.WriteStartArray();
        foreach (var skill in session.Extensions.Skills.All)
        {
            w.WriteStringValue(skill.Name);
        }

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
            case StreamEventReceived received when context.IncludePartialMessages && IsForwarded(received):
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
                if (IsAutoDenial(finished.Decision))
                {
                    SystemLine("permission_denied", w =>
                    {
                        w.WriteString("tool_name", finished.Call.Name);
                        w.WriteString("tool_use_id", finished.Call.Id);
                        w.WriteString("message", finished.Result.Text);
                        w.WriteString("decision_reason_type", DecisionReasonType(finished.Decision));
                        w.WriteString("decision_reason", finished.Decision.Reason);
                    });
                }

                break;
            case HookNotice notice:
                SystemLine("hook_message", w =>
                {
                    w.WriteString("hook_event", notice.Event.ToString());
                    w.WriteString("message", notice.Message);
                });
                break;
            case ModelFeatureTurnedOff turnedOff:
                SystemLine("model_capability", w =>
                {
                    w.WriteString("model", turnedOff.Model);
                    w.WriteString("feature", turnedOff.Feature.ToString());
                    w.WriteString("message", turnedOff.Message);
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

                    w.WriteString("error", ErrorName(retry.Error));
                    w.WriteString("message", retry.Error.Message);
                });
                break;
        }
    }

    public int Finish(TurnFinished finished)
    {
        if (finished.Error is { } error && finished.Reason is TerminalReason.ModelError or TerminalReason.PromptTooLong or TerminalReason.BlockingLimit)
        {
            // As the reference client does, the failure is also an assistant message (with error set) before the result.
            WriteErrorMessage(error);
        }

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
            case StreamEventReceived received when context.IncludePartialMessages && IsForwarded(received):
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
        else if (received.Event is Keel.Core.Model.ContentBlockDeltaEvent { RawFromFields: true } delta)
        {
            WriteDeltaEvent(w, delta);
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
        w.WriteString("timestamp", Timestamp());
        w.WriteString("request_id", block.RequestId);
    });

    /// <summary>An assistant message whose text is the API failure and whose <c>error</c> is the SDK's error name.</summary>
    private void WriteErrorMessage(Keel.Core.Model.ModelError error) => Line(w =>
    {
        w.WriteString("type", "assistant");
        w.WritePropertyName("message");
        w.WriteStartObject();
        w.WriteString("id", Guid.NewGuid().ToString());
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", "<synthetic>");
        w.WriteStartArray("content");
        w.WriteStartObject();
        w.WriteString("type", "text");
        w.WriteString("text", error.Describe());
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("stop_reason", "stop_sequence");
        w.WriteNull("stop_sequence");
        UsageJson.Write(w, "usage", Usage.Zero);
        w.WriteEndObject();
        w.WriteNull("parent_tool_use_id");
        w.WriteString("error", ErrorName(error));
        w.WriteString("session_id", context.Session.SessionId);
        w.WriteString("uuid", Guid.NewGuid().ToString());
        w.WriteString("timestamp", Timestamp());
    });

    /// <summary>The SDK's error names (<c>api_retry.error</c>, <c>assistant.error</c>).</summary>
    public static string ErrorName(Keel.Core.Model.ModelError error) => error.Category switch
    {
        Keel.Core.Model.ModelErrorCategory.Authentication => "authentication_failed",
        Keel.Core.Model.ModelErrorCategory.Quota => "billing_error",
        Keel.Core.Model.ModelErrorCategory.RateLimited => "rate_limit",
        Keel.Core.Model.ModelErrorCategory.Overloaded => "overloaded",
        Keel.Core.Model.ModelErrorCategory.InvalidRequest or Keel.Core.Model.ModelErrorCategory.ContextTooLong => "invalid_request",
        Keel.Core.Model.ModelErrorCategory.ModelNotFound => "model_not_found",
        Keel.Core.Model.ModelErrorCategory.Transient => "server_error",
        _ => "unknown",
    };

    /// <summary>ISO-8601 UTC with a Z, as the reference client writes timestamps.</summary>
    private string Timestamp() => context.Session.Tools.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Raw events go out as the API sent them, except keep-alive pings, which the reference client drops.</summary>
    private static bool IsForwarded(StreamEventReceived received) =>
        (!received.Event.RawUtf8.IsEmpty || received.Event.RawFromFields || received.Event.Raw is not null) && received.Event is not Keel.Core.Model.PingEvent;

    /// <summary>A delta whose JSON was not kept (a huge one), written from its fields: the same object the API sent, its value streamed in segments.</summary>
    private static void WriteDeltaEvent(System.Text.Json.Utf8JsonWriter w, Keel.Core.Model.ContentBlockDeltaEvent delta)
    {
        var (type, field, value) = delta.Delta switch
        {
            Keel.Core.Model.TextDelta t => ("text_delta", "text", t.Text),
            Keel.Core.Model.InputJsonDelta j => ("input_json_delta", "partial_json", j.PartialJson),
            Keel.Core.Model.ThinkingDelta th => ("thinking_delta", "thinking", th.Thinking),
            Keel.Core.Model.SignatureDelta s => ("signature_delta", "signature", s.Signature),
            Keel.Core.Model.UnknownDelta u => (u.Type, string.Empty, string.Empty),
            _ => (string.Empty, string.Empty, string.Empty),
        };
        w.WriteStartObject();
        w.WriteString("type", "content_block_delta");
        w.WriteNumber("index", delta.Index);
        w.WriteStartObject("delta");
        w.WriteString("type", type);
        if (field.Length > 0)
        {
            Keel.Core.Messages.MessageJson.WriteLongString(w, field, value);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

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
