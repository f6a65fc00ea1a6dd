using Keel.Core.Commands;
using Keel.Terminal.Screen;

namespace Keel.Terminal.Input;

/// <summary>
/// The menu that follows typing: <c>/</c> at the start lists commands (name, argument hint, description) filtered
/// by what follows; <c>@</c> starting a word lists files and directories fuzzily (.gitignore respected; a directory
/// accepted opens its contents) and any extra mentions (agents, MCP resources). Arrows move, Tab or Enter accepts,
/// Esc closes it until the text changes.
/// </summary>
public sealed class SuggestionMenu(SlashCommandRegistry registry, Func<IReadOnlyList<string>> files, Func<IReadOnlyList<MenuItem>>? mentions = null)
{
    public const int MaxShown = 8;
    private const int MaxMatches = 50;

    private IReadOnlyList<string>? _paths;
    private IReadOnlyList<MenuItem>? _mentions;
    private string? _closedFor;
    private int _start;
    private int _end;

    public IReadOnlyList<MenuItem> Items { get; private set; } = [];

    public int Selected { get; private set; }

    public bool IsOpen => Items.Count > 0;

    /// <summary>True while the menu lists slash commands (Enter then runs the command picked).</summary>
    public bool IsCommands { get; private set; }

    /// <summary>Recomputes the menu for the text before the cursor.</summary>
    public void Update(string text, int cursor)
    {
        if (_closedFor is not null && _closedFor != text)
        {
            _closedFor = null;
        }

        var previous = Items.Count > 0 ? Items[Selected].Insert : null;
        Items = _closedFor is null ? Compute(text, cursor) : [];
        var kept = previous is null ? -1 : Items.ToList().FindIndex(i => i.Insert == previous);
        Selected = kept >= 0 ? kept : 0;
    }

    public void Move(int delta)
    {
        if (Items.Count > 0)
        {
            Selected = (Selected + delta + Items.Count) % Items.Count;
        }
    }

    /// <summary>Esc: closed until the text changes.</summary>
    public void Close(string text)
    {
        _closedFor = text;
        Items = [];
    }

    /// <summary>The text with the highlighted item in place of what was typed, and where the cursor goes.</summary>
    public (string Text, int Cursor) Accept(string text)
    {
        var item = Items[Selected];
        var suffix = item.Expands ? string.Empty : " ";
        var rest = _end < text.Length ? text[_end..].TrimStart(' ') : string.Empty;
        var inserted = text[.._start] + item.Insert + suffix;
        return (inserted + rest, inserted.Length);
    }

    /// <summary>The menu's lines, each cut to <paramref name="width"/> so nothing runs past the edge.</summary>
    public IReadOnlyList<string> Render(int width)
    {
        var lines = new List<string>();
        if (Items.Count == 0)
        {
            return lines;
        }

        var first = Math.Clamp(Selected - (MaxShown / 2), 0, Math.Max(0, Items.Count - MaxShown));
        var labelWidth = Math.Min(Math.Max(12, width / 3), Items.Skip(first).Take(MaxShown).Max(static i => DisplayText.Width(i.Label)) + 2);
        for (var i = first; i < Math.Min(Items.Count, first + MaxShown); i++)
        {
            var item = Items[i];
            var label = DisplayText.Truncate(item.Label, labelWidth);
            var line = (i == Selected ? "❯ " : "  ") + label + new string(' ', Math.Max(1, labelWidth - DisplayText.Width(label) + 1)) + (item.Description ?? string.Empty);
            lines.Add(DisplayText.Truncate(line.TrimEnd(), width));
        }

        if (Items.Count > MaxShown)
        {
            lines.Add(DisplayText.Truncate($"  ({Selected + 1}/{Items.Count}) ↑/↓ to move · Tab to complete · Esc to close", width));
        }

        return lines;
    }

    private List<MenuItem> Compute(string text, int cursor)
    {
        IsCommands = false;
        var before = text[..cursor];
        if (before.StartsWith('/') && !before.Contains(' ') && !before.Contains('\n'))
        {
            IsCommands = true;
            (_start, _end) = (0, WordEnd(text, cursor));
            return [.. registry.Complete(before[1..]).Select(static c => new MenuItem(
                "/" + c.Name,
                "/" + c.Name + (c.ArgumentHint is { Length: > 0 } hint ? " " + hint : string.Empty),
                c.Description.ReplaceLineEndings(" ")))];
        }

        var wordStart = before.LastIndexOfAny([' ', '\n', '\t']) + 1;
        if (wordStart >= before.Length || before[wordStart] != '@')
        {
            return [];
        }

        (_start, _end) = (wordStart, WordEnd(text, cursor));
        var query = before[(wordStart + 1)..];
        var items = new List<MenuItem>();
        _mentions ??= mentions?.Invoke() ?? [];

        // Agents and MCP resources whose name holds what was typed come first; a bare @ lists files first.
        var named = _mentions.Where(m => m.Insert.Contains(query, StringComparison.OrdinalIgnoreCase)).Take(MaxMatches).ToList();
        if (query.Length > 0)
        {
            items.AddRange(named);
        }

        foreach (var path in Completer.Fuzzy(Paths(), query, MaxMatches))
        {
            var directory = path.EndsWith('/');
            items.Add(new MenuItem("@" + path, path, directory ? "directory" : null, Expands: directory));
        }

        if (query.Length == 0)
        {
            items.AddRange(named);
        }

        return items;
    }

    /// <summary>The repository's files and, once each, the directories holding them (with a trailing slash).</summary>
    private IReadOnlyList<string> Paths()
    {
        if (_paths is not null)
        {
            return _paths;
        }

        var all = new List<string>();
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files())
        {
            for (var slash = file.IndexOf('/'); slash > 0; slash = file.IndexOf('/', slash + 1))
            {
                if (directories.Add(file[..(slash + 1)]))
                {
                    all.Add(file[..(slash + 1)]);
                }
            }

            all.Add(file);
        }

        return _paths = all;
    }

    private static int WordEnd(string text, int cursor)
    {
        var end = text.IndexOfAny([' ', '\n', '\t'], cursor);
        return end < 0 ? text.Length : end;
    }
}
