using System.Text;
using System.Text.Json;
using Keel.Core.Json;

namespace Keel.Terminal.Input.KeyBindings;

/// <summary>
/// The bindings read from <c>~/.keel/keybindings.json</c>:
/// <c>{"bindings": [{"context": "Chat", "bindings": {"ctrl+g": "chat:submit", "ctrl+x ctrl+e": "chat:newline", "ctrl+u": null}}]}</c>.
/// Entries that cannot be used are left out and described in <see cref="Problems"/> as <c>path:line:column: what</c>.
/// </summary>
public sealed record KeyBindingSet(string Path, IReadOnlyList<KeyBinding> Bindings, IReadOnlyList<string> Problems)
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static KeyBindingSet Empty(string path) => new(path, [], []);

    /// <summary>True when the file could not be read as JSON at all (its previous bindings should stay).</summary>
    public bool Unreadable { get; init; }

    public static KeyBindingSet Parse(string path, ReadOnlySpan<byte> utf8)
    {
        var start = utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var text = utf8[start..];
        if (text.Trim(" \t\r\n"u8).IsEmpty)
        {
            return Empty(path);
        }

        var bindings = new List<KeyBinding>();
        var problems = new List<string>();
        var reader = new Utf8JsonReader(text, ReaderOptions);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                problems.Add(At(path, utf8, start, reader.TokenStartIndex, "the file must hold a JSON object: {\"bindings\": [...]}"));
                return new KeyBindingSet(path, bindings, problems);
            }

            var sawBindings = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                var nameAt = reader.TokenStartIndex;
                reader.Read();
                if (name != "bindings")
                {
                    // "$schema", "$docs" and anything newer are not ours to judge.
                    reader.Skip();
                    continue;
                }

                sawBindings = true;
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    problems.Add(At(path, utf8, start, nameAt, "\"bindings\" must be an array of {\"context\": ..., \"bindings\": {...}} blocks"));
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        problems.Add(At(path, utf8, start, reader.TokenStartIndex, "each entry of \"bindings\" must be an object with \"context\" and \"bindings\""));
                        reader.Skip();
                        continue;
                    }

                    ReadBlock(ref reader, path, utf8, start, bindings, problems);
                }
            }

            if (!sawBindings)
            {
                problems.Add($"{path}:1:1: no \"bindings\" array; nothing is bound");
            }
        }
        catch (JsonException ex)
        {
            return new KeyBindingSet(path, [], [JsonSyntaxError.From(ex, text).At(path) + "; the previous bindings stay"]) { Unreadable = true };
        }

        return new KeyBindingSet(path, bindings, problems);
    }

    private static void ReadBlock(ref Utf8JsonReader reader, string path, ReadOnlySpan<byte> utf8, int start, List<KeyBinding> bindings, List<string> problems)
    {
        var blockAt = reader.TokenStartIndex;
        string? context = null;
        long contextAt = blockAt;
        var entries = new List<(string Chord, string? Action, long At)>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            var nameAt = reader.TokenStartIndex;
            reader.Read();
            switch (name)
            {
                case "context" when reader.TokenType == JsonTokenType.String:
                    context = reader.GetString();
                    contextAt = nameAt;
                    break;
                case "context":
                    problems.Add(At(path, utf8, start, nameAt, $"\"context\" must be a string: one of {string.Join(", ", KeyContexts.All)}"));
                    reader.Skip();
                    break;
                case "bindings" when reader.TokenType == JsonTokenType.StartObject:
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var chord = reader.GetString() ?? string.Empty;
                        var chordAt = reader.TokenStartIndex;
                        reader.Read();
                        if (reader.TokenType is JsonTokenType.String or JsonTokenType.Null)
                        {
                            entries.Add((chord, reader.TokenType == JsonTokenType.Null ? null : reader.GetString(), chordAt));
                        }
                        else
                        {
                            problems.Add(At(path, utf8, start, chordAt, $"\"{chord}\" must map to an action name (\"chat:submit\") or null"));
                            reader.Skip();
                        }
                    }

                    break;
                case "bindings":
                    problems.Add(At(path, utf8, start, nameAt, "a block's \"bindings\" must be an object of \"key\": \"action\""));
                    reader.Skip();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        var canonical = KeyContexts.Parse(context);
        if (canonical is null)
        {
            problems.Add(At(path, utf8, start, contextAt, context is null
                ? $"a block without \"context\" (one of {string.Join(", ", KeyContexts.All)}); its bindings are ignored"
                : $"unknown context \"{context}\" (one of {string.Join(", ", KeyContexts.All)}); its bindings are ignored"));
            return;
        }

        foreach (var (chord, action, at) in entries)
        {
            var (line, column) = Position(utf8, start + (int)at);
            var where = $"{path}:{line}:{column}";
            if (KeyChords.Parse(chord, out var error) is not { } keys)
            {
                problems.Add($"{where}: {error}");
                continue;
            }

            if (KeyActions.Reserved.Contains(keys[0]))
            {
                problems.Add($"{where}: {keys[0]} cannot be rebound (it always interrupts or exits)");
                continue;
            }

            if (action is not null)
            {
                if (KeyActions.Find(action) is not { } known)
                {
                    problems.Add($"{where}: unknown action \"{action}\"; " + (KeyActions.Closest(action) is { } near ? $"did you mean {near.Name}? " : string.Empty) + "/doctor lists the actions");
                    continue;
                }

                if (known.Context != canonical && known.Context != KeyContexts.Global)
                {
                    problems.Add($"{where}: \"{action}\" belongs to the {known.Context} context, not {canonical}");
                    continue;
                }
            }

            bindings.Add(new KeyBinding(canonical, keys, action, line, column));
        }
    }

    /// <summary>Bindings that fight each other or take a key from a built-in action, one sentence each.</summary>
    public IReadOnlyList<string> Conflicts()
    {
        var found = new List<string>();
        foreach (var group in Bindings.GroupBy(static b => (b.Context, b.Chord)).Where(static g => g.Count() > 1))
        {
            var all = group.ToList();
            found.Add($"{Path}:{all[^1].Line}: {group.Key.Chord} is bound {all.Count} times in {group.Key.Context} (lines {string.Join(", ", all.Select(static b => b.Line))}); the last one ({all[^1].Action ?? "null"}) wins");
        }

        // Only the binding that wins a key can fight others or replace a default; the ones it overrides were reported above.
        var effective = Bindings.GroupBy(static b => (b.Context, b.Chord)).Select(static g => g.Last()).ToList();
        foreach (var binding in effective)
        {
            foreach (var other in effective)
            {
                if (other.Keys.Count < binding.Keys.Count && Applies(other.Context, binding.Context) && binding.Keys.Take(other.Keys.Count).SequenceEqual(other.Keys))
                {
                    found.Add($"{Path}:{other.Line}: {other.Chord} ({other.Action ?? "null"}) never runs in {binding.Context}: it starts the chord {binding.Chord} (line {binding.Line})");
                }
            }

            if (binding.Context != KeyContexts.Global && effective.FirstOrDefault(g => g.Context == KeyContexts.Global && g.Chord == binding.Chord) is { } global)
            {
                found.Add($"{Path}:{binding.Line}: {binding.Chord} in {binding.Context} ({binding.Action ?? "null"}) hides the Global binding on line {global.Line} ({global.Action ?? "null"}) there");
            }

            foreach (var context in binding.Context == KeyContexts.Global ? KeyContexts.All : [binding.Context])
            {
                if (KeyActions.DefaultFor(context, binding.Keys[0]) is not { } builtIn || (binding.Keys.Count == 1 && builtIn.Name == binding.Action))
                {
                    continue;
                }

                found.Add(binding.Keys.Count > 1
                    ? $"{Path}:{binding.Line}: the chord {binding.Chord} takes {binding.Keys[0]} away from {builtIn.Name} in {context}"
                    : $"{Path}:{binding.Line}: {binding.Chord} in {context} now {(binding.Action is null ? "does nothing" : "runs " + binding.Action)} instead of {builtIn.Name}");
            }
        }

        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Global bindings apply in every context.</summary>
    internal static bool Applies(string bindingContext, string context) => bindingContext == context || bindingContext == KeyContexts.Global;

    private static string At(string path, ReadOnlySpan<byte> utf8, int start, long tokenAt, string what)
    {
        var (line, column) = Position(utf8, start + (int)tokenAt);
        return $"{path}:{line}:{column}: {what}";
    }

    private static (int Line, int Column) Position(ReadOnlySpan<byte> utf8, int offset)
    {
        var before = utf8[..Math.Min(offset, utf8.Length)];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (line, Encoding.UTF8.GetCharCount(before[lineStart..]) + 1);
    }
}
