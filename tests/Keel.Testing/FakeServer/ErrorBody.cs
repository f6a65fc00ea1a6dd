using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Keel.Testing.FakeServer;

/// <summary>The Messages API error envelope: <c>{"type":"error","error":{"type":...,"message":...}}</c>.</summary>
internal static class ErrorBody
{
    public static string Json(string errorType, string message, string? requestId)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", errorType);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            if (requestId is not null)
            {
                writer.WriteString("request_id", requestId);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
