using System.Text.Json;

namespace Keel.Core.Settings.Writing;

/// <summary>
/// Byte positions of the members of one JSON object or the items of one array, so an edit can
/// replace exactly one value and leave every other byte of the file as it was.
/// </summary>
internal static class JsonSpans
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>One member: where its name starts and where its value starts and ends (exclusive).</summary>
    public sealed record Member(string Name, int NameStart, int ValueStart, int ValueEnd, JsonTokenType Kind);

    /// <summary>One array item: where it starts and ends (exclusive).</summary>
    public sealed record Item(int Start, int End);

    /// <summary>The members of the object starting at <paramref name="start"/> (its <c>{</c>) and where its <c>}</c> is.</summary>
    public static (List<Member> Members, int Close) Object(ReadOnlySpan<byte> utf8, int start)
    {
        var reader = new Utf8JsonReader(utf8[start..], Options);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("not an object");
        }

        var members = new List<Member>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var nameStart = start + (int)reader.TokenStartIndex;
            reader.Read();
            var valueStart = start + (int)reader.TokenStartIndex;
            var kind = reader.TokenType;
            reader.Skip();
            members.Add(new Member(name, nameStart, valueStart, start + (int)reader.BytesConsumed, kind));
        }

        return (members, start + (int)reader.TokenStartIndex);
    }

    /// <summary>The items of the array starting at <paramref name="start"/> (its <c>[</c>) and where its <c>]</c> is.</summary>
    public static (List<Item> Items, int Close) Array(ReadOnlySpan<byte> utf8, int start)
    {
        var reader = new Utf8JsonReader(utf8[start..], Options);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("not an array");
        }

        var items = new List<Item>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var itemStart = start + (int)reader.TokenStartIndex;
            reader.Skip();
            items.Add(new Item(itemStart, start + (int)reader.BytesConsumed));
        }

        return (items, start + (int)reader.TokenStartIndex);
    }

    /// <summary>The first non-whitespace byte at or after <paramref name="from"/> (skipping a BOM).</summary>
    public static int RootStart(ReadOnlySpan<byte> utf8)
    {
        var i = utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        while (i < utf8.Length && utf8[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    /// <summary>The whitespace that starts the line holding <paramref name="position"/>.</summary>
    public static string IndentOfLine(ReadOnlySpan<byte> utf8, int position)
    {
        var lineStart = position;
        while (lineStart > 0 && utf8[lineStart - 1] != (byte)'\n')
        {
            lineStart--;
        }

        var end = lineStart;
        while (end < utf8.Length && utf8[end] is (byte)' ' or (byte)'\t')
        {
            end++;
        }

        return System.Text.Encoding.UTF8.GetString(utf8[lineStart..end]);
    }

    /// <summary>True when a line break lies between the two positions (a multi-line container).</summary>
    public static bool HasNewline(ReadOnlySpan<byte> utf8, int from, int to) => utf8[from..to].Contains((byte)'\n');
}
