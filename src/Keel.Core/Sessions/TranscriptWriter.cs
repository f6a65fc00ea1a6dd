using System.Buffers;
using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Permissions;

namespace Keel.Core.Sessions;

/// <summary>
/// Appends one JSON line per record to <c>&lt;session-id&gt;.jsonl</c>. Each line is written
/// whole with a single write, so a crash can tear at most the last line.
/// </summary>
public sealed class TranscriptWriter : ISessionRecorder, IDisposable
{
    private readonly Lock _gate = new();
    private readonly string _cwd;
    private readonly string _version;
    private readonly TimeProvider _time;
    private const int KeptBufferBytes = 1024 * 1024;

    private ArrayBufferWriter<byte> _buffer = new(4096);
    private FileStream? _stream;
    private string? _lastUuid;

    // A durable record reaches the operating system at once (a killed keel loses nothing) and the disk right after:
    // the flush runs off the caller's path, one at a time, each covering every line written before it starts, so a
    // tool round trip does not wait for the disk (an fsync took 0.2 to 100 ms on the project's VM).
    private Task _sync = Task.CompletedTask;
    private bool _syncPending;

    public TranscriptWriter(string path, string sessionId, string cwd, string version, TimeProvider time, string? lastUuid = null)
    {
        Path = path;
        SessionId = sessionId;
        _cwd = cwd;
        _version = version;
        _time = time;
        _lastUuid = lastUuid;
    }

    public string Path { get; }

    public string SessionId { get; }

    /// <summary>Set for a subagent's transcript: every record is marked as a side-chain of the parent session.</summary>
    public SidechainInfo? Sidechain { get; init; }

    /// <summary>The git branch checked out when the session started, recorded so a session picker can show it.</summary>
    public string? GitBranch { get; set; }

    public void RecordUser(Message message) => Append("user", durable: true, w =>
    {
        w.WritePropertyName("message");
        MessageJson.WriteMessage(w, message);
    });

    public void RecordPrompt(Message message, string promptId) => Append("user", durable: true, stream: false, uuid: promptId, w =>
    {
        w.WriteString("promptId", promptId);
        w.WritePropertyName("message");
        MessageJson.WriteMessage(w, message);
    });

    public void RecordCheckpoint(Checkpoints.FileCheckpointRecord record) => Append("checkpoint", durable: false, w =>
    {
        w.WriteString("promptId", record.PromptId);
        w.WriteString("file", record.Path);
        w.WriteString("kind", record.Backup ? "backup" : "written");
        w.WriteString("hash", record.Hash);
    });

    public void RecordAssistant(AssistantMessage message, decimal costUsd) => Append("assistant", durable: false, stream: IsLong(message.Message), w =>
    {
        if (message.RequestId is not null)
        {
            w.WriteString("requestId", message.RequestId);
        }

        w.WriteNumber("costUSD", costUsd);
        w.WritePropertyName("message");
        w.WriteStartObject();
        w.WriteString("id", message.Id);
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", message.Model);
        w.WritePropertyName("content");
        w.WriteStartArray();
        foreach (var block in message.Message.Content)
        {
            MessageJson.WriteBlock(w, block);
        }

        w.WriteEndArray();
        w.WriteString("stop_reason", message.StopReason);
        w.WriteString("stop_sequence", message.StopSequence);
        UsageJson.Write(w, "usage", message.Usage);
        w.WriteEndObject();
    });

    public void RecordPermission(string toolUseId, string toolName, PermissionDecision decision) => Append("permission", durable: false, w =>
    {
        w.WriteString("toolUseId", toolUseId);
        w.WriteString("tool", toolName);
        w.WriteString("decision", decision.Behavior.ToString().ToLowerInvariant());
        w.WriteString("rule", decision.Rule);
        w.WriteString("source", decision.Source);
        if (decision.File is { } file)
        {
            w.WriteString("file", file);
        }

        w.WriteString("reason", decision.Reason);
    });

    public void RecordCompactBoundary(CompactBoundary boundary) => Append("summary", durable: true, w =>
    {
        w.WriteString("subtype", "compact_boundary");
        w.WriteString("trigger", boundary.Trigger);
        w.WriteNumber("preTokens", boundary.PreTokens);
        w.WriteString("summary", boundary.Summary);
        w.WritePropertyName("message");
        MessageJson.WriteMessage(w, boundary.Message);
    });

    public void RecordConversationReset(ConversationReset reset) => Append("system", durable: true, w =>
    {
        w.WriteString("subtype", "conversation_reset");
        w.WriteString("reason", reset.Reason);
        if (reset.ResumedFrom is not null)
        {
            w.WriteString("resumedFrom", reset.ResumedFrom);
        }

        if (reset.PromptId is not null)
        {
            w.WriteString("promptId", reset.PromptId);
        }

        w.WritePropertyName("messages");
        w.WriteStartArray();
        foreach (var message in reset.Messages)
        {
            MessageJson.WriteMessage(w, message);
        }

        w.WriteEndArray();
    });

    /// <summary>Tools ToolSearch loaded (one record per load), so a resumed session offers them again.</summary>
    public void RecordToolsLoaded(IReadOnlyList<string> names) => Append("tools-loaded", durable: false, w =>
    {
        w.WritePropertyName("tools");
        w.WriteStartArray();
        foreach (var name in names)
        {
            w.WriteStringValue(name);
        }

        w.WriteEndArray();
    });

    /// <summary>The prompt cache lifetime the session moved to, so <c>-c</c> sends the same prefix bytes.</summary>
    public void RecordCacheTtl(string ttl) => Append("cache-ttl", durable: false, w => w.WriteString("ttl", ttl));

    /// <summary>A skill the model or the user invoked, with the instructions it brought, re-attached on resume.</summary>
    public void RecordSkillInvoked(string name, string content) => Append("skill-invoked", durable: false, w =>
    {
        w.WriteString("skill", name);
        w.WriteString("content", content);
    });

    public void RecordHook(Hooks.HookInvocation invocation) => Append("hook", durable: false, w =>
    {
        w.WriteString("hookEvent", invocation.Event.ToString());
        w.WriteString("matcher", invocation.Matcher);
        w.WriteString("command", invocation.Handler);
        w.WriteString("source", invocation.Source);
        w.WriteNumber("durationMs", (long)invocation.Duration.TotalMilliseconds);
        if (invocation.ExitCode is { } exit)
        {
            w.WriteNumber("exitCode", exit);
        }
        else
        {
            w.WriteNull("exitCode");
        }

        w.WriteString("decision", invocation.Decision);
        w.WriteString("detail", invocation.Detail);
    });

    /// <summary>Waits for the last flush to disk, then closes the file.</summary>
    public void Dispose()
    {
        Task sync;
        lock (_gate)
        {
            sync = _sync;
        }

        sync.GetAwaiter().GetResult();
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }

    /// <summary>Called under the gate: a flush to disk follows that covers this line (one already waiting to start does).</summary>
    private void RequestSync(FileStream stream)
    {
        if (_syncPending)
        {
            return;
        }

        _syncPending = true;
        var previous = _sync;
        _sync = Task.Run(async () =>
        {
            await previous.ConfigureAwait(false);
            lock (_gate)
            {
                _syncPending = false;
            }

            try
            {
                RandomAccess.FlushToDisk(stream.SafeFileHandle);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or UnauthorizedAccessException)
            {
                // The line is with the operating system already; only a crash of the machine could lose it now.
            }
        });
    }

    private static bool IsLong(Message message)
    {
        foreach (var block in message.Content)
        {
            if (block is TextBlock { Text.Length: > 4 * MessageJson.SegmentChars })
            {
                return true;
            }
        }

        return false;
    }

    private void Append(string type, bool durable, Action<Utf8JsonWriter> body) => Append(type, durable, stream: false, uuid: null, body);

    private void Append(string type, bool durable, bool stream, Action<Utf8JsonWriter> body) => Append(type, durable, stream, uuid: null, body);

    /// <param name="stream">Write straight to the file as the line is produced (a huge message) instead of
    /// building the line in memory first; a crash mid-line leaves a torn line, which readers skip.</param>
    /// <param name="uuid">The record's uuid when it has one already (a prompt's id); null makes a fresh one.</param>
    private void Append(string type, bool durable, bool stream, string? uuid, Action<Utf8JsonWriter> body)
    {
        lock (_gate)
        {
            _buffer.ResetWrittenCount();
            uuid ??= Guid.NewGuid().ToString();
            var file = stream ? _stream ??= Open() : null;
            using (var w = file is not null ? new Utf8JsonWriter(file) : new Utf8JsonWriter(_buffer))
            {
                w.WriteStartObject();
                w.WriteString("type", type);
                w.WriteString("uuid", uuid);
                w.WriteString("parentUuid", _lastUuid);
                w.WriteString("sessionId", SessionId);
                w.WriteString("timestamp", _time.GetUtcNow().ToString("O"));
                w.WriteString("cwd", _cwd);
                w.WriteString("version", _version);
                if (GitBranch is { } branch)
                {
                    w.WriteString("gitBranch", branch);
                }
                if (Sidechain is { } side)
                {
                    w.WriteBoolean("isSidechain", true);
                    w.WriteString("agentId", side.AgentId);
                    w.WriteString("agentType", side.AgentType);
                    w.WriteString("parentToolUseId", side.ParentToolUseId);
                }

                body(w);
                w.WriteEndObject();
            }

            _buffer.Write("\n"u8);
            var output = _stream ??= Open();
            output.Write(_buffer.WrittenSpan);
            output.Flush();
            if (durable)
            {
                RequestSync(output);
            }

            if (_buffer.Capacity > KeptBufferBytes)
            {
                _buffer = new ArrayBufferWriter<byte>(4096);
            }
            if (type is not ("permission" or "hook" or "checkpoint" or "tools-loaded" or "skill-invoked" or "cache-ttl"))
            {
                _lastUuid = uuid;
            }
        }
    }

    private FileStream Open()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        if (stream.Length > 0 && !EndsWithNewline(Path))
        {
            // The previous run died mid-line: start on a fresh line so the torn one stays isolated.
            stream.Write("\n"u8);
        }

        return stream;
    }

    private static bool EndsWithNewline(string path)
    {
        using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (read.Length == 0)
        {
            return true;
        }

        read.Seek(-1, SeekOrigin.End);
        return read.ReadByte() == '\n';
    }
}
