using System.Text;
using System.Text.Json;

namespace Keel.Terminal.Input;

/// <summary>
/// Prompts typed before, newest last, shared across sessions in <c>history.jsonl</c> (one
/// <c>{"display":…,"project":…,"timestamp":…}</c> per line; a torn line is skipped). Up/Down walk it;
/// <see cref="Search"/> backs Ctrl+R. Loaded on first use, so startup never reads it.
/// </summary>
public sealed class InputHistory(string path, string project, TimeProvider time)
{
    private const int MaxEntries = 1000;

    private List<string>? _entries;
    private int _index = -1;
    private string _draft = string.Empty;

    public IReadOnlyList<string> Entries => _entries ??= Load();

    public void Add(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var entries = _entries ??= Load();
        if (entries.Count == 0 || entries[^1] != text)
        {
            entries.Add(text);
        }

        _index = -1;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteString("display", text);
                w.WriteString("project", project);
                w.WriteNumber("timestamp", time.GetUtcNow().ToUnixTimeMilliseconds());
                w.WriteEndObject();
            }

            stream.WriteByte((byte)'\n');
            using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            file.Write(stream.GetBuffer(), 0, (int)stream.Length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // History is a convenience: a read-only config directory must not break the session.
        }
    }

    /// <summary>The older entry for Up, or null at the oldest; <paramref name="current"/> is kept as the draft.</summary>
    public string? Previous(string current)
    {
        var entries = Entries;
        if (_index == -1)
        {
            _draft = current;
            _index = entries.Count;
        }

        if (_index == 0)
        {
            return null;
        }

        _index--;
        return entries[_index];
    }

    /// <summary>The newer entry for Down; past the newest, the draft that was being typed.</summary>
    public string? Next()
    {
        if (_index == -1)
        {
            return null;
        }

        _index++;
        if (_index >= Entries.Count)
        {
            _index = -1;
            return _draft;
        }

        return Entries[_index];
    }

    public void ResetNavigation() => _index = -1;

    /// <summary>The newest entry containing <paramref name="query"/> older than <paramref name="before"/> (an index), for Ctrl+R.</summary>
    public (string Text, int Index)? Search(string query, int before)
    {
        var entries = Entries;
        for (var i = Math.Min(before, entries.Count) - 1; i >= 0; i--)
        {
            if (entries[i].Contains(query, StringComparison.OrdinalIgnoreCase))
            {
                return (entries[i], i);
            }
        }

        return null;
    }

    private List<string> Load()
    {
        var entries = new List<string>();
        if (!File.Exists(path))
        {
            return entries;
        }

        try
        {
            foreach (var line in File.ReadLines(path, Encoding.UTF8))
            {
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    if (doc.RootElement.ValueKind == JsonValueKind.Object
                        && doc.RootElement.TryGetProperty("display", out var display)
                        && display.ValueKind == JsonValueKind.String
                        && display.GetString() is { Length: > 0 } text)
                    {
                        entries.Add(text);
                    }
                }
                catch (JsonException)
                {
                    // A torn or foreign line; the rest of the history is still good.
                }
            }
        }
        catch (IOException)
        {
            return entries;
        }

        return entries.Count > MaxEntries ? entries[^MaxEntries..] : entries;
    }
}
