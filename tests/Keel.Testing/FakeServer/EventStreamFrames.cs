using System.Buffers.Binary;
using System.Text;

namespace Keel.Testing.FakeServer;

/// <summary>
/// Writes AWS event-stream frames the way Bedrock does, independently of Keel's decoder: prelude
/// (total length, headers length, CRC-32 of both), string headers, payload, CRC-32 of everything before it.
/// </summary>
public static class EventStreamFrames
{
    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> payload)
    {
        var headerBytes = new List<byte>();
        foreach (var (name, value) in headers)
        {
            var n = Encoding.UTF8.GetBytes(name);
            var v = Encoding.UTF8.GetBytes(value);
            headerBytes.Add((byte)n.Length);
            headerBytes.AddRange(n);
            headerBytes.Add(7);
            headerBytes.Add((byte)(v.Length >> 8));
            headerBytes.Add((byte)(v.Length & 0xFF));
            headerBytes.AddRange(v);
        }

        var total = 12 + headerBytes.Count + payload.Length + 4;
        var frame = new byte[total];
        BinaryPrimitives.WriteInt32BigEndian(frame, total);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), headerBytes.Count);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), Crc(frame.AsSpan(0, 8)));
        headerBytes.CopyTo(frame, 12);
        payload.CopyTo(frame.AsSpan(12 + headerBytes.Count));
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - 4), Crc(frame.AsSpan(0, total - 4)));
        return frame;
    }

    /// <summary>Bitwise CRC-32 (IEEE), deliberately not table-driven like the product's.</summary>
    public static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) == 1 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
