using System.Text;
using System.Text.Json;

namespace Keel.Core.Settings;

/// <summary>
/// Finds the line of a property in JSON text. JsonDocument forgets positions, so a type error
/// found after parsing is located by scanning the text once more.
/// </summary>
internal static class JsonLines
{
    public static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The 1-based line where the property at <paramref name="path"/> starts, or null.</summary>
    public static long? LineOf(ReadOnlySpan<byte> utf8, params ReadOnlySpan<string> path)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        var stack = new List<string?>();
        string? pending = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pending = reader.GetString();
                        if (stack.Count == path.Length && pending == path[^1] && Matches(stack, path[..^1]))
                        {
                            return Line(utf8, reader.TokenStartIndex);
                        }

                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        stack.Add(pending);
                        pending = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        break;
                    default:
                        pending = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private static bool Matches(List<string?> stack, ReadOnlySpan<string> prefix)
    {
        // stack[0] is the root object (no name); stack[i + 1] is the object named prefix[i].
        for (var i = 0; i < prefix.Length; i++)
        {
            if (stack[i + 1] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static long Line(ReadOnlySpan<byte> utf8, long index) => utf8[..(int)index].Count((byte)'\n') + 1;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
