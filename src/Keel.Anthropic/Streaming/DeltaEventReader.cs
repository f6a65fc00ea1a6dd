using System.Buffers;
using System.Text.Json;
using Keel.Core.Model;

namespace Keel.Anthropic.Streaming;

/// <summary>
/// Reads a <c>content_block_delta</c> event straight from its bytes with a forward-only reader: no
/// document, no contiguous copy of a segmented event, and the delta's text decoded once into a string
/// of exactly its size. Almost every event of a response is one of these.
/// </summary>
internal static class DeltaEventReader
{
    /// <summary>
    /// The mapped event, or null when the data is another kind of event (a null <paramref name="eventName"/>
    /// is resolved from the JSON's <c>type</c>).
    /// </summary>
    /// <param name="pages">
    /// The pages <paramref name="data"/> is in, when it has pages of its own: the delta's value is decoded giving
    /// them back as it goes, so the event keeps no raw bytes (<see cref="ModelStreamEvent.RawFromFields"/>).
    /// </param>
    /// <exception cref="JsonException">The data is not a JSON object.</exception>
    /// <exception cref="FormatException">A string value holds a broken escape.</exception>
    public static ContentBlockDeltaEvent? TryRead(string? eventName, ReadOnlySequence<byte> data, Sse.SseDataPages? pages = null)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("the event is not a JSON object");
        }

        var type = eventName;
        var index = 0;
        LocatedDelta? delta = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (type is null)
                {
                    if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("content_block_delta"u8))
                    {
                        return null;
                    }

                    type = "content_block_delta";
                }

                reader.Skip();
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
                {
                    index = value;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                delta = reader.TokenType == JsonTokenType.StartObject ? ReadDelta(ref reader, data) : Skipped(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Anything after the object is an error, as it is for a document.
        while (reader.Read())
        {
        }

        if (type is null)
        {
            return null;
        }

        // Decoded only now that the whole event is known to be well-formed: paged data is given back as it is decoded.
        var decoded = delta?.Decode(pages) ?? new UnknownDelta(string.Empty);
        return pages is null ? new ContentBlockDeltaEvent(index, decoded) { RawUtf8 = data }
            : decoded is UnknownDelta ? new ContentBlockDeltaEvent(index, decoded) { RawUtf8 = new ReadOnlySequence<byte>(data.ToArray()) }
            : new ContentBlockDeltaEvent(index, decoded) { RawFromFields = true };
    }

    private static LocatedDelta Skipped(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return new LocatedDelta(string.Empty, null);
    }

    private static LocatedDelta ReadDelta(ref Utf8JsonReader reader, ReadOnlySequence<byte> data)
    {
        string? type = null;
        (string Name, ReadOnlySequence<byte> Bytes, bool Escaped)? payload = null;
        List<(string, ReadOnlySequence<byte>, bool)>? others = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueTextEquals("type"u8) ? "type"
                : reader.ValueTextEquals("text"u8) ? "text"
                : reader.ValueTextEquals("partial_json"u8) ? "partial_json"
                : reader.ValueTextEquals("thinking"u8) ? "thinking"
                : reader.ValueTextEquals("signature"u8) ? "signature"
                : null;
            reader.Read();
            if (name is null || reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                continue;
            }

            if (name == "type")
            {
                type = reader.GetString();
                continue;
            }

            // Only located here; decoded once the delta's type says which field it carries.
            var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
            var located = (name, data.Slice(reader.TokenStartIndex + 1, length), reader.ValueIsEscaped);
            if (payload is null)
            {
                payload = located;
            }
            else
            {
                (others ??= []).Add(located);
            }
        }

        var wanted = type switch
        {
            "text_delta" => "text",
            "input_json_delta" => "partial_json",
            "thinking_delta" => "thinking",
            "signature_delta" => "signature",
            _ => null,
        };
        return new LocatedDelta(type ?? string.Empty, wanted is null ? null : Find(wanted, payload, others) ?? (wanted, ReadOnlySequence<byte>.Empty, false));
    }

    /// <summary>A delta whose type is read and whose value (null for an unknown type) is located but not yet decoded.</summary>
    private readonly record struct LocatedDelta(string Type, (string Name, ReadOnlySequence<byte> Bytes, bool Escaped)? Value)
    {
        public ContentDelta Decode(Sse.SseDataPages? pages)
        {
            if (Value is not { } found)
            {
                return new UnknownDelta(Type);
            }

            var value = JsonStringDecoder.Decode(found.Bytes, found.Escaped, pages is null ? null : pages.DiscardBefore);
            return Type switch
            {
                "text_delta" => new TextDelta(value),
                "input_json_delta" => new InputJsonDelta(value),
                "thinking_delta" => new ThinkingDelta(value),
                _ => new SignatureDelta(value),
            };
        }
    }

    private static (string Name, ReadOnlySequence<byte> Bytes, bool Escaped)? Find(
        string name,
        (string Name, ReadOnlySequence<byte> Bytes, bool Escaped)? first,
        List<(string, ReadOnlySequence<byte>, bool)>? others)
    {
        if (first is { } f && f.Name == name)
        {
            return f;
        }

        foreach (var other in others ?? [])
        {
            if (other.Item1 == name)
            {
                return other;
            }
        }

        return null;
    }
}
