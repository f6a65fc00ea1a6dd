using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel.Core.Settings.Writing;

/// <summary>
/// Edits to one JSON object file that rewrite only the member (or array item) they change: every
/// other byte — key order, spacing, line breaks — stays as the user wrote it. New members take the
/// indentation of their siblings. Handed out by <see cref="SettingsWriter.Edit"/>, under its lock.
/// </summary>
public sealed class JsonFileEdit
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private byte[] _utf8;
    private readonly string _unit;
    private readonly string _newline;

    internal JsonFileEdit(byte[] utf8)
    {
        _utf8 = utf8;
        _newline = utf8.AsSpan().IndexOf("\r\n"u8) >= 0 ? "\r\n" : "\n";
        _unit = DetectIndentUnit(utf8);
    }

    /// <summary>True once an edit changed the text.</summary>
    public bool Changed { get; private set; }

    /// <summary>The file's text after the edits so far.</summary>
    public ReadOnlyMemory<byte> Utf8 => _utf8;

    /// <summary>The document as it is now (after earlier edits), for reading before deciding what to change.</summary>
    public JsonElement Root
    {
        get
        {
            using var document = JsonDocument.Parse(_utf8.AsMemory(JsonSpans.RootStart(_utf8)), DocumentOptions);
            return document.RootElement.Clone();
        }
    }

    /// <summary>The value at <paramref name="path"/>, or null when a step is missing.</summary>
    public JsonElement? Get(params string[] path)
    {
        var current = Root;
        foreach (var key in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(key, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>Sets the member at <paramref name="path"/>, creating the objects above it when missing.</summary>
    public void Set(string[] path, JsonNode? value)
    {
        ArgumentOutOfRangeException.ThrowIfZero(path.Length, nameof(path));
        var objectStart = JsonSpans.RootStart(_utf8);
        for (var i = 0; i < path.Length; i++)
        {
            var (members, close) = JsonSpans.Object(_utf8, objectStart);
            var index = members.FindLastIndex(m => m.Name == path[i]);
            var rest = path[(i + 1)..];
            if (index < 0)
            {
                InsertMember(objectStart, members, close, path[i], Nest(rest, value));
                return;
            }

            var member = members[index];
            if (rest.Length == 0 || member.Kind != JsonTokenType.StartObject)
            {
                var rendered = Render(Nest(rest, value), JsonSpans.IndentOfLine(_utf8, member.NameStart));
                if (!_utf8.AsSpan(member.ValueStart, member.ValueEnd - member.ValueStart).SequenceEqual(Encoding.UTF8.GetBytes(rendered)))
                {
                    Splice(member.ValueStart, member.ValueEnd, rendered);
                }

                return;
            }

            objectStart = member.ValueStart;
        }
    }

    /// <summary>Removes the member at <paramref name="path"/>; false when it was not there.</summary>
    public bool Remove(params string[] path)
    {
        if (FindParent(path) is not { Index: >= 0 } found)
        {
            return false;
        }

        var (objectStart, members, close, index) = found;

        var member = members[index];
        if (index > 0)
        {
            Splice(members[index - 1].ValueEnd, member.ValueEnd, string.Empty);
        }
        else if (members.Count > 1)
        {
            Splice(member.NameStart, members[1].NameStart, string.Empty);
        }
        else
        {
            Splice(objectStart + 1, close, string.Empty);
        }

        return true;
    }

    /// <summary>Appends <paramref name="item"/> to the array at <paramref name="path"/> unless an equal item is there; true when added.</summary>
    public bool AppendUnique(string[] path, JsonNode item)
    {
        if (FindParent(path) is not { Index: >= 0 } found || found.Members[found.Index].Kind != JsonTokenType.StartArray)
        {
            Set(path, new JsonArray(item.DeepClone()));
            return true;
        }

        var arrayStart = found.Members[found.Index].ValueStart;
        var (items, close) = JsonSpans.Array(_utf8, arrayStart);
        if (items.Any(existing => JsonNode.DeepEquals(JsonNode.Parse(_utf8.AsSpan(existing.Start, existing.End - existing.Start)), item)))
        {
            return false;
        }

        if (items.Count == 0)
        {
            var indent = JsonSpans.IndentOfLine(_utf8, arrayStart);
            Splice(arrayStart + 1, close, _newline + indent + _unit + Render(item, indent + _unit) + _newline + indent);
        }
        else if (JsonSpans.HasNewline(_utf8, arrayStart, items[0].Start))
        {
            var indent = JsonSpans.IndentOfLine(_utf8, items[^1].Start);
            Splice(items[^1].End, items[^1].End, "," + _newline + indent + Render(item, indent));
        }
        else
        {
            Splice(items[^1].End, items[^1].End, ", " + Render(item, JsonSpans.IndentOfLine(_utf8, arrayStart)));
        }

        return true;
    }

    /// <summary>Removes every item of the array at <paramref name="path"/> that <paramref name="match"/> accepts; returns how many.</summary>
    public int RemoveFromArray(string[] path, Func<JsonElement, bool> match)
    {
        var removed = 0;
        while (FindParent(path) is { Index: >= 0 } found && found.Members[found.Index].Kind == JsonTokenType.StartArray)
        {
            var arrayStart = found.Members[found.Index].ValueStart;
            var (items, close) = JsonSpans.Array(_utf8, arrayStart);
            var hit = items.FindLastIndex(item =>
            {
                using var document = JsonDocument.Parse(_utf8.AsMemory(item.Start, item.End - item.Start));
                return match(document.RootElement);
            });
            if (hit < 0)
            {
                break;
            }

            if (hit > 0)
            {
                Splice(items[hit - 1].End, items[hit].End, string.Empty);
            }
            else if (items.Count > 1)
            {
                Splice(items[0].Start, items[1].Start, string.Empty);
            }
            else
            {
                Splice(arrayStart + 1, close, string.Empty);
            }

            removed++;
        }

        return removed;
    }

    private (int ObjectStart, List<JsonSpans.Member> Members, int Close, int Index)? FindParent(string[] path)
    {
        ArgumentOutOfRangeException.ThrowIfZero(path.Length, nameof(path));
        var objectStart = JsonSpans.RootStart(_utf8);
        for (var i = 0; ; i++)
        {
            var (members, close) = JsonSpans.Object(_utf8, objectStart);
            var index = members.FindLastIndex(m => m.Name == path[i]);
            if (i == path.Length - 1)
            {
                return (objectStart, members, close, index);
            }

            if (index < 0 || members[index].Kind != JsonTokenType.StartObject)
            {
                return null;
            }

            objectStart = members[index].ValueStart;
        }
    }

    private void InsertMember(int objectStart, List<JsonSpans.Member> members, int close, string name, JsonNode? value)
    {
        if (members.Count == 0)
        {
            var indent = JsonSpans.IndentOfLine(_utf8, objectStart);
            Splice(objectStart + 1, close, _newline + indent + _unit + Quote(name) + ": " + Render(value, indent + _unit) + _newline + indent);
            return;
        }

        var last = members[^1];
        if (JsonSpans.HasNewline(_utf8, objectStart, members[0].NameStart))
        {
            var indent = JsonSpans.IndentOfLine(_utf8, last.NameStart);
            Splice(last.ValueEnd, last.ValueEnd, "," + _newline + indent + Quote(name) + ": " + Render(value, indent));
        }
        else
        {
            Splice(last.ValueEnd, last.ValueEnd, ", " + Quote(name) + ": " + Render(value, JsonSpans.IndentOfLine(_utf8, objectStart)));
        }
    }

    private void Splice(int start, int end, string replacement)
    {
        var inserted = Encoding.UTF8.GetBytes(replacement);
        var result = new byte[_utf8.Length - (end - start) + inserted.Length];
        _utf8.AsSpan(0, start).CopyTo(result);
        inserted.CopyTo(result.AsSpan(start));
        _utf8.AsSpan(end).CopyTo(result.AsSpan(start + inserted.Length));
        _utf8 = result;
        Changed = true;
    }

    private static JsonNode? Nest(string[] keys, JsonNode? value)
    {
        var node = value?.DeepClone();
        for (var i = keys.Length - 1; i >= 0; i--)
        {
            node = new JsonObject { [keys[i]] = node };
        }

        return node;
    }

    /// <summary>The value as indented JSON whose continuation lines start at <paramref name="indent"/>.</summary>
    private string Render(JsonNode? value, string indent)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            IndentCharacter = _unit.StartsWith('\t') ? '\t' : ' ',
            IndentSize = Math.Max(1, _unit.Length),
            NewLine = _newline,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }

        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        return indent.Length == 0 ? text : text.Replace(_newline, _newline + indent, StringComparison.Ordinal);
    }

    private static string Quote(string name) => Render(JsonValue.Create(name));

    private static string Render(JsonNode node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            node.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string DetectIndentUnit(byte[] utf8)
    {
        try
        {
            var start = JsonSpans.RootStart(utf8);
            var (members, _) = JsonSpans.Object(utf8, start);
            if (members.Count > 0 && JsonSpans.HasNewline(utf8, start, members[0].NameStart))
            {
                var indent = JsonSpans.IndentOfLine(utf8, members[0].NameStart);
                if (indent.Length > 0)
                {
                    return indent;
                }
            }
        }
        catch (JsonException)
        {
            // The writer checks validity before editing; a default is enough here.
        }

        return "  ";
    }
}
