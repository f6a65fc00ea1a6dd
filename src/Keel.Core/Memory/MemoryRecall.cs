using System.Globalization;
using System.Text;
using System.Text.Json;
using Keel.Core.Agent;
using Keel.Core.Messages;

namespace Keel.Core.Memory;

/// <summary>
/// Recall: before a turn, the small fast model reads the memory headers (name, description, type, age)
/// with the prompt and the tools used lately, and picks at most <see cref="MaxFiles"/> files; their text
/// is attached to the prompt, with a note to verify memories older than a day. A file already attached
/// this session is not offered again until it changes.
/// </summary>
public sealed class MemoryRecall : IPromptAttachments
{
    public const int MaxFiles = 5;
    public const int MaxCharsPerFile = 12_000;
    public const string BudgetVariable = "KEEL_MEMORY_RECALL_BUDGET_MS";
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromMilliseconds(2500);

    internal const string SelectorPrompt = """
        You choose which saved memory files an AI coding agent should see before it answers the developer's next message.
        You get the message, the tools the agent used lately, and the available memory files, one per line: file, type, age, and a description.
        Pick only files that will clearly help with this message (at most 5). Leave out reference notes about a tool the agent is already using without trouble. When unsure, leave a file out; an empty list is a fine answer.
        Answer with JSON only, no prose: {"files": ["name.md", ...]}
        """;

    private readonly MemoryLocation _location;
    private readonly Func<string, string, CancellationToken, Task<string?>> _ask;
    private readonly Dictionary<string, DateTimeOffset> _surfaced = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private RecallReport? _last;

    /// <param name="ask">Sends (system, user text) to the small fast model and returns its answer's text, or null when it failed.</param>
    public MemoryRecall(MemoryLocation location, Func<string, string, CancellationToken, Task<string?>> ask, TimeProvider time, TimeSpan? budget = null)
    {
        _location = location;
        _ask = ask;
        Time = time;
        Budget = budget ?? DefaultBudget;
    }

    public TimeSpan Budget { get; }

    /// <summary>The folders recall reads.</summary>
    public MemoryLocation Location => _location;

    public TimeProvider Time { get; }

    /// <summary>What the last recall attached and why (for /memory), or null before the first.</summary>
    public RecallReport? Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    public async Task<IReadOnlyList<string>> GatherAsync(Message prompt, IReadOnlyList<Message> history, CancellationToken cancellationToken)
    {
        var text = prompt.Text.Trim();
        if (text.Length == 0)
        {
            return [];
        }

        // Leave the caller's thread at once: scanning the folders must not hold up the turn either.
        await Task.Yield();
        var candidates = Candidates();
        if (candidates.Count == 0)
        {
            return [];
        }

        var now = Time.GetUtcNow();
        var answer = await _ask(SelectorPrompt, Offer(text, RecentTools(history), candidates, now), cancellationToken).ConfigureAwait(false);
        var chosen = Parse(answer, candidates);
        var attached = new List<string>(chosen.Count);
        var loaded = new List<MemoryEntry>(chosen.Count);
        foreach (var (_, entry) in chosen)
        {
            if (Render(entry, now) is { } rendered)
            {
                attached.Add(rendered);
                loaded.Add(entry);
            }
        }

        lock (_gate)
        {
            foreach (var entry in loaded)
            {
                _surfaced[entry.Path] = entry.Modified;
            }

            _last = new RecallReport(text, candidates.Count, loaded, answer is null ? "the small model did not answer" : null);
        }

        return attached;
    }

    /// <summary>The memory headers not attached yet in this session (or changed since).</summary>
    private List<(string Key, MemoryEntry Entry)> Candidates()
    {
        var result = new List<(string, MemoryEntry)>();
        lock (_gate)
        {
            foreach (var entry in MemoryStore.ScanAll(_location))
            {
                if (_surfaced.TryGetValue(entry.Path, out var seen) && seen == entry.Modified)
                {
                    continue;
                }

                var root = entry.Scope == "user" ? _location.UserDirectory : _location.ProjectDirectory;
                var key = Path.GetRelativePath(root, entry.Path);
                result.Add((entry.Scope == "user" ? "user/" + key : key, entry));
            }
        }

        return result;
    }

    internal static string Offer(string prompt, IReadOnlyList<string> tools, IReadOnlyList<(string Key, MemoryEntry Entry)> candidates, DateTimeOffset now)
    {
        var text = new StringBuilder(1024);
        text.Append("Message:\n").Append(prompt.Length > 4000 ? prompt[..4000] + "…" : prompt).Append("\n\n");
        text.Append("Tools used lately: ").Append(tools.Count == 0 ? "none" : string.Join(", ", tools)).Append("\n\n");
        text.Append("Memory files:\n");
        foreach (var (key, entry) in candidates)
        {
            text.Append("- ").Append(key).Append(" (").Append(entry.Type ?? "untyped").Append(", ").Append(MemoryAge.Describe(now - entry.Modified)).Append("): ");
            text.Append(entry.Description.Length > 0 ? entry.Description : entry.Name).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The files the answer names, in its order, known ones only, at most <see cref="MaxFiles"/>.</summary>
    internal static List<(string Key, MemoryEntry Entry)> Parse(string? answer, IReadOnlyList<(string Key, MemoryEntry Entry)> candidates)
    {
        var chosen = new List<(string, MemoryEntry)>();
        if (string.IsNullOrWhiteSpace(answer))
        {
            return chosen;
        }

        var names = new List<string>();
        var start = answer.IndexOf('{', StringComparison.Ordinal);
        var end = answer.LastIndexOf('}');
        if (start >= 0 && end > start)
        {
            try
            {
                using var json = JsonDocument.Parse(answer[start..(end + 1)]);
                if (json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty("files", out var files)
                    && files.ValueKind == JsonValueKind.Array)
                {
                    names.AddRange(files.EnumerateArray().Where(static f => f.ValueKind == JsonValueKind.String).Select(static f => f.GetString()!.Trim()));
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: nothing is chosen rather than guessing from prose.
            }
        }

        foreach (var name in names)
        {
            var match = candidates.FirstOrDefault(c => string.Equals(c.Key, name, StringComparison.Ordinal));
            if (match.Entry is not null && !chosen.Any(c => c.Item1 == match.Key))
            {
                chosen.Add(match);
                if (chosen.Count == MaxFiles)
                {
                    break;
                }
            }
        }

        return chosen;
    }

    /// <summary>The attachment for one memory: where it is, how old, a stale note past a day, its text.</summary>
    internal static string? Render(MemoryEntry entry, DateTimeOffset now)
    {
        var content = MemoryStore.ReadText(entry.Path);
        if (content is null)
        {
            return null;
        }

        if (content.Length > MaxCharsPerFile)
        {
            content = content[..MaxCharsPerFile] + string.Create(CultureInfo.InvariantCulture, $"\n(… cut at {MaxCharsPerFile:N0} characters; Read {entry.Path} for the rest.)");
        }

        var age = now - entry.Modified;
        var text = new StringBuilder(content.Length + 300);
        text.Append("Recalled memory ").Append(entry.Path).Append(" (").Append(entry.Scope).Append(" memory, saved ").Append(MemoryAge.Describe(age)).Append("):\n");
        if (MemoryAge.IsStale(age))
        {
            text.Append("This memory is ").Append(MemoryAge.Describe(age).Replace(" ago", string.Empty, StringComparison.Ordinal))
                .Append(" old and may be stale: verify what it says about code, files or flags against the current state before relying on it.\n");
        }

        return text.Append('\n').Append(content.TrimEnd()).Append('\n').ToString();
    }

    /// <summary>Distinct tool names of the last few assistant messages, newest first.</summary>
    private static List<string> RecentTools(IReadOnlyList<Message> history)
    {
        var names = new List<string>();
        var seen = 0;
        for (var i = history.Count - 1; i >= 0 && seen < 5; i--)
        {
            if (history[i].Role != Role.Assistant)
            {
                continue;
            }

            seen++;
            foreach (var use in history[i].ToolUses)
            {
                if (!names.Contains(use.Name, StringComparer.Ordinal))
                {
                    names.Add(use.Name);
                }
            }
        }

        return names;
    }
}
