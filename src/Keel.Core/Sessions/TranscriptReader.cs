using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Keel.Core.Cost;
using Keel.Core.Messages;

namespace Keel.Core.Sessions;

/// <summary>
/// Loads a transcript for --continue/--resume. Lines that do not parse (a torn last line)
/// are skipped; the conversation is repaired so it is valid to send again.
/// </summary>
public static class TranscriptReader
{
    /// <param name="path">The transcript file.</param>
    /// <param name="stopAfterUuid">Read only up to and including the record with this uuid (<c>--resume-session-at</c>); null reads everything.</param>
    public static LoadedSession Load(string path, string? stopAfterUuid = null)
    {
        var reachedStop = false;
        var messages = new List<Message>();
        var usage = new Dictionary<string, ModelUsage>(StringComparer.Ordinal);
        string? lastUuid = null;
        var sessionId = System.IO.Path.GetFileNameWithoutExtension(path);
        var skipped = 0;
        var prompts = new List<PromptPoint>();
        var promptIds = new List<string>();
        var checkpoints = new List<Checkpoints.FileCheckpointRecord>();
        var loadedTools = new List<string>();
        var skills = new List<(string Name, string Content)>();
        string? branch = null;
        string? cacheTtl = null;
        DateTimeOffset? lastActivity = null;
        foreach (var line in File.ReadLines(path))
        {
            if (reachedStop)
            {
                break;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
                branch = StringOf(root, "gitBranch") ?? branch;
                reachedStop = stopAfterUuid is not null && root.TryGetProperty("uuid", out var su) && su.ValueEquals(stopAfterUuid);
                if (StringOf(root, "timestamp") is { } stamp && DateTimeOffset.TryParse(stamp, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
                {
                    lastActivity = at;
                }

                if (type == "cache-ttl")
                {
                    cacheTtl = StringOf(root, "ttl");
                    continue;
                }

                if (IsCompactBoundary(root, type, out var compacted))
                {
                    // The history above stays on disk; the model sees only what compaction left.
                    messages.Clear();
                    messages.Add(compacted);
                    lastUuid = root.TryGetProperty("uuid", out var bu) ? bu.GetString() : lastUuid;
                    continue;
                }

                if (type == "tools-loaded" && root.TryGetProperty("tools", out var toolNames) && toolNames.ValueKind == JsonValueKind.Array)
                {
                    loadedTools.AddRange(toolNames.EnumerateArray().Where(static n => n.ValueKind == JsonValueKind.String).Select(static n => n.GetString()!).Where(n => !loadedTools.Contains(n)));
                    continue;
                }

                if (type == "skill-invoked" && StringOf(root, "skill") is { Length: > 0 } skill)
                {
                    skills.RemoveAll(s => s.Name == skill);
                    skills.Add((skill, StringOf(root, "content") ?? string.Empty));
                    continue;
                }

                if (IsCheckpoint(root, type) is { } checkpoint)
                {
                    checkpoints.Add(checkpoint);
                    continue;
                }

                if (IsConversationReset(root, type, out var kept))
                {
                    // The user cleared, rewound or resumed: what came before is history, not conversation.
                    var reset = new ConversationReset(StringOf(root, "reason") ?? ConversationReset.Rewind, kept) { PromptId = StringOf(root, "promptId") };
                    var left = Agent.AgentLoop.PromptsAfter(prompts, reset);
                    prompts.Clear();
                    prompts.AddRange(left);
                    messages.Clear();
                    messages.AddRange(kept);
                    lastUuid = root.TryGetProperty("uuid", out var ru) ? ru.GetString() : lastUuid;
                    continue;
                }

                if (type is not ("user" or "assistant") || !root.TryGetProperty("message", out var message))
                {
                    continue;
                }

                var read = MessageJson.ReadMessage(message);
                if (type == "user" && StringOf(root, "promptId") is { } promptId)
                {
                    prompts.Add(new PromptPoint(promptId, read.Text, ConversationRepair.Repair(messages).Messages));
                    promptIds.Add(promptId);
                }

                messages.Add(read);
                lastUuid = root.TryGetProperty("uuid", out var u) ? u.GetString() : lastUuid;
                if (type == "assistant" && message.TryGetProperty("usage", out var usageElement))
                {
                    var model = message.TryGetProperty("model", out var m) ? m.GetString() ?? "unknown" : "unknown";
                    var turnUsage = UsageJson.Read(usageElement);
                    var cost = root.TryGetProperty("costUSD", out var c) && c.TryGetDecimal(out var d) ? d : CostTracker.CostOf(model, turnUsage);
                    usage[model] = usage.TryGetValue(model, out var existing)
                        ? existing with { Usage = existing.Usage.Add(turnUsage), CostUsd = existing.CostUsd + cost, Requests = existing.Requests + 1 }
                        : new ModelUsage(model, turnUsage, cost, 1);
                }
            }
            catch (JsonException)
            {
                skipped++;
            }
        }

        var (repaired, repairs) = ConversationRepair.Repair(messages);
        var cutOffMidTool = repairs > 0 && messages.Count > 0 && messages[^1].Role == Role.Assistant && messages[^1].ToolUses.Any();
        return new LoadedSession(sessionId, path, repaired, lastUuid, [.. usage.Values], skipped, repairs)
        {
            TrailingRepair = cutOffMidTool && repaired.Count > 0 && repaired[^1].Role == Role.User ? repaired[^1] : null,
            ReachedStop = reachedStop,
            Prompts = prompts,
            PromptIds = promptIds,
            Checkpoints = checkpoints,
            LoadedTools = loadedTools,
            InvokedSkills = skills,
            GitBranch = branch,
            CacheTtl = cacheTtl,
            LastActivity = lastActivity,
        };
    }

    private static string? StringOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Checkpoints.FileCheckpointRecord? IsCheckpoint(JsonElement root, string? type)
    {
        if (type != "checkpoint" || StringOf(root, "file") is not { Length: > 0 } file)
        {
            return null;
        }

        return new Checkpoints.FileCheckpointRecord(StringOf(root, "promptId"), file, StringOf(root, "kind") == "backup", StringOf(root, "hash"));
    }

    private static bool IsCompactBoundary(JsonElement root, string? type, [NotNullWhen(true)] out Message? compacted)
    {
        compacted = null;
        if (type != "summary" || !root.TryGetProperty("subtype", out var sub) || !sub.ValueEquals("compact_boundary")
            || !root.TryGetProperty("message", out var message))
        {
            return false;
        }

        compacted = MessageJson.ReadMessage(message);
        return true;
    }

    private static bool IsConversationReset(JsonElement root, string? type, [NotNullWhen(true)] out List<Message>? kept)
    {
        kept = null;
        if (type != "system" || !root.TryGetProperty("subtype", out var sub) || !sub.ValueEquals("conversation_reset")
            || !root.TryGetProperty("messages", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        kept = [.. list.EnumerateArray().Select(MessageJson.ReadMessage)];
        return true;
    }

    /// <summary>The most recently written transcript in a project folder, or null.</summary>
    public static string? FindLatest(string projectSessionsDirectory)
    {
        if (!Directory.Exists(projectSessionsDirectory))
        {
            return null;
        }

        return new DirectoryInfo(projectSessionsDirectory)
            .EnumerateFiles("*.jsonl")
            .OrderByDescending(static f => f.LastWriteTimeUtc)
            .FirstOrDefault()?.FullName;
    }
}
