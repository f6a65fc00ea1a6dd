using System.Buffers.Binary;
using System.Text;

namespace Keel.Providers.Bedrock;

/// <summary>
/// Incremental decoder of the AWS event-stream binary framing (<c>application/vnd.amazon.eventstream</c>):
/// a 12-byte prelude (total length, headers length, prelude CRC), typed headers, the payload, and a CRC
/// of the whole message. Both CRCs are checked; a mismatch throws <see cref="InvalidDataException"/>.
/// </summary>
public sealed class EventStreamReader
{
    /// <summary>Frames larger than this are refused (the service caps messages far below it).</summary>
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    private const int PreludeBytes = 12;
    private const int CrcBytes = 4;

    private byte[] _buffer = new byte[8 * 1024];
    private int _length;

    /// <summary>Bytes received that do not yet form a whole message.</summary>
    public int Buffered => _length;

    /// <summary>Adds bytes and returns every message they complete, in order.</summary>
    public void Feed(ReadOnlySpan<byte> chunk, ICollection<EventStreamMessage> messages)
    {
        EnsureCapacity(_length + chunk.Length);
        chunk.CopyTo(_buffer.AsSpan(_length));
        _length += chunk.Length;

        var offset = 0;
        while (_length - offset >= PreludeBytes)
        {
            var span = _buffer.AsSpan(offset, _length - offset);
            var total = BinaryPrimitives.ReadUInt32BigEndian(span);
            var headersLength = BinaryPrimitives.ReadUInt32BigEndian(span[4..]);
            var preludeCrc = BinaryPrimitives.ReadUInt32BigEndian(span[8..]);
            if (Crc32.Compute(span[..8]) != preludeCrc)
            {
                throw new InvalidDataException("event-stream prelude CRC mismatch");
            }

            if (total < PreludeBytes + CrcBytes || total > MaxMessageBytes || headersLength > total - PreludeBytes - CrcBytes)
            {
                throw new InvalidDataException($"event-stream frame has impossible lengths (total {total}, headers {headersLength})");
            }

            if (span.Length < total)
            {
                break;
            }

            var message = span[..(int)total];
            var messageCrc = BinaryPrimitives.ReadUInt32BigEndian(message[^CrcBytes..]);
            if (Crc32.Compute(message[..^CrcBytes]) != messageCrc)
            {
                throw new InvalidDataException("event-stream message CRC mismatch");
            }

            var headers = ParseHeaders(message.Slice(PreludeBytes, (int)headersLength));
            var payload = message[(PreludeBytes + (int)headersLength)..^CrcBytes].ToArray();
            messages.Add(new EventStreamMessage(headers, payload));
            offset += (int)total;
        }

        if (offset > 0)
        {
            _buffer.AsSpan(offset, _length - offset).CopyTo(_buffer);
            _length -= offset;
        }
    }

    /// <summary>Encodes one message (string headers only); the fake Bedrock server and tests use it.</summary>
    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> payload)
    {
        using var headerBytes = new MemoryStream();
        Span<byte> len = stackalloc byte[2];
        foreach (var (name, value) in headers)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var valueBytes = Encoding.UTF8.GetBytes(value);
            headerBytes.WriteByte((byte)nameBytes.Length);
            headerBytes.Write(nameBytes);
            headerBytes.WriteByte(7);
            BinaryPrimitives.WriteUInt16BigEndian(len, (ushort)valueBytes.Length);
            headerBytes.Write(len);
            headerBytes.Write(valueBytes);
        }

        var headersLength = (int)headerBytes.Length;
        var total = PreludeBytes + headersLength + payload.Length + CrcBytes;
        var frame = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), Crc32.Compute(frame.AsSpan(0, 8)));
        headerBytes.GetBuffer().AsSpan(0, headersLength).CopyTo(frame.AsSpan(PreludeBytes));
        payload.CopyTo(frame.AsSpan(PreludeBytes + headersLength));
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - CrcBytes), Crc32.Compute(frame.AsSpan(0, total - CrcBytes)));
        return frame;
    }

    private static Dictionary<string, string> ParseHeaders(ReadOnlySpan<byte> data)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!data.IsEmpty)
        {
            var nameLength = data[0];
            Require(data.Length >= 2 + nameLength);
            var name = Encoding.UTF8.GetString(data.Slice(1, nameLength));
            var type = data[1 + nameLength];
            data = data[(2 + nameLength)..];
            string value;
            switch (type)
            {
                case 0:
                    value = "true";
                    break;
                case 1:
                    value = "false";
                    break;
                case 2:
                    Require(data.Length >= 1);
                    value = ((sbyte)data[0]).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    data = data[1..];
                    break;
                case 3:
                    Require(data.Length >= 2);
                    value = BinaryPrimitives.ReadInt16BigEndian(data).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    data = data[2..];
                    break;
                case 4:
                    Require(data.Length >= 4);
                    value = BinaryPrimitives.ReadInt32BigEndian(data).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    data = data[4..];
                    break;
                case 5 or 8:
                    Require(data.Length >= 8);
                    value = BinaryPrimitives.ReadInt64BigEndian(data).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    data = data[8..];
                    break;
                case 6 or 7:
                    Require(data.Length >= 2);
                    var length = BinaryPrimitives.ReadUInt16BigEndian(data);
                    Require(data.Length >= 2 + length);
                    value = type == 7 ? Encoding.UTF8.GetString(data.Slice(2, length)) : Convert.ToBase64String(data.Slice(2, length));
                    data = data[(2 + length)..];
                    break;
                case 9:
                    Require(data.Length >= 16);
                    value = Convert.ToHexStringLower(data[..16]);
                    data = data[16..];
                    break;
                default:
                    throw new InvalidDataException($"event-stream header {name} has unknown type {type}");
            }

            headers[name] = value;
        }

        return headers;
    }

    private static void Require(bool condition)
    {
        if (!condition)
        {
            throw new InvalidDataException("event-stream headers are truncated");
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        }
    }
}
