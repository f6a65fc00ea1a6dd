using System.Text.Json.Nodes;
using Keel.Core.Agent;
using Keel.Core.Agent.Subagents;
using Keel.Core.Compaction;
using Keel.Testing.FakeServer;

namespace Keel.Testing.Invariants;

/// <summary>
/// Rules between consecutive requests of one conversation. A conversation starts with a request
/// holding a single message; a later request belongs to it when its first message is the same
/// (so interleaved conversations, e.g. subagents, are told apart, and compaction starts a new one).
/// </summary>
internal sealed class ConversationChecks
{
    private readonly Dictionary<string, Conversation> _open = new(StringComparer.Ordinal);

    // Every request seen, with the state of its branch: a fork (a context: fork skill, a summary) starts from the parent's
    // messages and goes on beside it; the parent then goes on from the request the fork started from.
    private readonly List<Conversation> _seen = [];

    public void Run(ParsedRequest request, List<InvariantViolation> violations)
    {
        var key = request.ConversationKey;
        var latest = _open.GetValueOrDefault(key);
        Conversation? branch = null;
        // A fork's requests carry the marker of the parent's open calls; the parent goes on from where the fork left.
        // A compaction summary and a side question are forks too: the conversation with the directive last.
        var fork = request.Canonical.Any(static m => m.Contains(ConversationFork.PendingResult, StringComparison.Ordinal))
            || (request.Canonical.Count > 0 && request.Canonical[^1] is var newest
                && (newest.Contains(CompactionPrompt.Opening, StringComparison.Ordinal) || newest.Contains(SideQuestionPrompt.Opening, StringComparison.Ordinal)));
        if (request.Messages.Count > 1 && latest?.Last is { } last && (fork || !Extends(request, last)))
        {
            branch = _seen.FindLast(c => c.Key == key && (fork || c.ForkBase) && Extends(request, c.Last!));
            if (branch is not null && fork)
            {
                branch.ForkBase = true;
            }
        }

        if (request.Messages.Count > 1 && (branch?.Copy() ?? latest) is { } conversation)
        {
            Compare(conversation, request, violations);
        }
        else
        {
            conversation = new Conversation(key);
        }

        _open[key] = conversation;
        conversation.Last = request;
        if (request.Request.Response is { IsCompleteTurn: true } served)
        {
            conversation.Thinking.AddRange(served.Thinking);
        }

        _seen.Add(conversation.Copy());
    }

    /// <summary>True when <paramref name="current"/> holds every message of <paramref name="earlier"/> unchanged, and more.</summary>
    private static bool Extends(ParsedRequest current, ParsedRequest earlier) =>
        earlier.Canonical.Count < current.Canonical.Count
        && earlier.Canonical.Select((m, i) => string.Equals(m, current.Canonical[i], StringComparison.Ordinal)).All(static same => same);

    private static void Compare(Conversation conversation, ParsedRequest current, List<InvariantViolation> violations)
    {
        var previous = conversation.Last!;
        var number = current.Request.Number;
        if (!string.Equals(previous.SystemRaw, current.SystemRaw, StringComparison.Ordinal))
        {
            violations.Add(new(number, InvariantRules.SystemStable, $"system differs from request #{previous.Request.Number} at char {FirstDifference(previous.SystemRaw, current.SystemRaw)}"));
        }

        if (!string.Equals(previous.ToolsRaw, current.ToolsRaw, StringComparison.Ordinal) && !OnlyAppended(previous.ToolsRaw, current.ToolsRaw))
        {
            violations.Add(new(number, InvariantRules.ToolsStable, $"tools differ from request #{previous.Request.Number} at char {FirstDifference(previous.ToolsRaw, current.ToolsRaw)}"));
        }

        CheckAppendOnly(previous, current, violations);
        foreach (var thinking in conversation.Thinking)
        {
            CheckThinking(thinking, current, violations);
        }
    }

    /// <summary>
    /// Tools loaded by ToolSearch join at the end: the earlier tools stay byte for byte (the one sanctioned change of
    /// the tool list mid-conversation).
    /// </summary>
    private static bool OnlyAppended(string? previous, string? current) =>
        previous is { Length: > 1 } && current is not null && previous[^1] == ']'
        && current.StartsWith(string.Concat(previous.AsSpan(0, previous.Length - 1), ","), StringComparison.Ordinal);

    private static void CheckAppendOnly(ParsedRequest previous, ParsedRequest current, List<InvariantViolation> violations)
    {
        var number = current.Request.Number;
        if (current.Canonical.Count < previous.Canonical.Count)
        {
            violations.Add(new(number, InvariantRules.AppendOnly, $"has {current.Canonical.Count} messages, fewer than the {previous.Canonical.Count} of request #{previous.Request.Number}"));
            return;
        }

        for (var i = 0; i < previous.Canonical.Count; i++)
        {
            if (!string.Equals(previous.Canonical[i], current.Canonical[i], StringComparison.Ordinal)
                && !OnlyMicrocompacted(previous.Messages[i], current.Messages[i], current.Canonical[i]))
            {
                violations.Add(new(number, InvariantRules.AppendOnly, $"messages[{i}] differs from request #{previous.Request.Number} at char {FirstDifference(previous.Canonical[i], current.Canonical[i])}"));
                return;
            }
        }
    }

    /// <summary>
    /// Microcompaction may replace an old tool result's content with its marker; that is the one
    /// sanctioned rewrite of history (besides a compaction, which starts a new conversation).
    /// </summary>
    private static bool OnlyMicrocompacted(JsonNode? previous, JsonNode? current, string currentCanonical)
    {
        if (previous?.DeepClone() is not JsonObject copy || copy["content"] is not JsonArray before || current?["content"] is not JsonArray after || before.Count != after.Count)
        {
            return false;
        }

        var replaced = false;
        for (var j = 0; j < after.Count; j++)
        {
            if (ParsedRequest.Str(after[j]?["type"]) == "tool_result" && ParsedRequest.Str(after[j]?["content"]) == Microcompactor.ClearedMarker
                && before[j] is JsonObject block && ParsedRequest.Str(block["type"]) == "tool_result")
            {
                block["content"] = Microcompactor.ClearedMarker;
                block.Remove("is_error");
                if (after[j]?["is_error"] is { } isError)
                {
                    block["is_error"] = isError.DeepClone();
                }

                replaced = true;
            }
        }

        return replaced && string.Equals(ParsedRequest.Canonicalize(copy), currentCanonical, StringComparison.Ordinal);
    }

    private static void CheckThinking(ServedThinking served, ParsedRequest current, List<InvariantViolation> violations)
    {
        string? altered = null;
        foreach (var message in current.Messages)
        {
            if (ParsedRequest.Role(message) != "assistant")
            {
                continue;
            }

            foreach (var block in ParsedRequest.Blocks(message))
            {
                if (ParsedRequest.Str(block["type"]) != "thinking")
                {
                    continue;
                }

                var thinking = ParsedRequest.Str(block["thinking"]);
                var signature = ParsedRequest.Str(block["signature"]);
                if (thinking == served.Thinking && signature == served.Signature)
                {
                    return;
                }

                if (signature == served.Signature || thinking == served.Thinking)
                {
                    altered = signature == served.Signature ? "its thinking text changed" : "its signature changed";
                }
            }
        }

        violations.Add(new(current.Request.Number, InvariantRules.ThinkingPreserved, altered is null
            ? $"thinking block with signature '{Short(served.Signature)}' sent by the server is missing"
            : $"thinking block with signature '{Short(served.Signature)}' came back altered: {altered}"));
    }

    private static int FirstDifference(string? a, string? b)
    {
        a ??= string.Empty;
        b ??= string.Empty;
        return a.AsSpan().CommonPrefixLength(b);
    }

    private static string Short(string text) => text.Length <= 24 ? text : text[..24] + "...";

    private sealed class Conversation(string key)
    {
        public string Key { get; } = key;

        public ParsedRequest? Last { get; set; }

        /// <summary>A fork started from this request: the parent's next request may go on from it.</summary>
        public bool ForkBase { get; set; }

        public List<ServedThinking> Thinking { get; } = [];

        public Conversation Copy()
        {
            var copy = new Conversation(Key) { Last = Last };
            copy.Thinking.AddRange(Thinking);
            return copy;
        }
    }
}
