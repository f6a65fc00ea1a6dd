using System.Text;

namespace Keel.Anthropic.Sse;

/// <summary>Returns shared strings for the Messages API event names, so parsing one allocates nothing.</summary>
internal static class EventNames
{
    public const string MessageStart = "message_start";
    public const string MessageDelta = "message_delta";
    public const string MessageStop = "message_stop";
    public const string ContentBlockStart = "content_block_start";
    public const string ContentBlockDelta = "content_block_delta";
    public const string ContentBlockStop = "content_block_stop";
    public const string Ping = "ping";
    public const string Error = "error";

    public static string Get(ReadOnlySpan<byte> name)
    {
        if (name.SequenceEqual("content_block_delta"u8))
        {
            return ContentBlockDelta;
        }

        if (name.SequenceEqual("content_block_start"u8))
        {
            return ContentBlockStart;
        }

        if (name.SequenceEqual("content_block_stop"u8))
        {
            return ContentBlockStop;
        }

        if (name.SequenceEqual("message_start"u8))
        {
            return MessageStart;
        }

        if (name.SequenceEqual("message_delta"u8))
        {
            return MessageDelta;
        }

        if (name.SequenceEqual("message_stop"u8))
        {
            return MessageStop;
        }

        if (name.SequenceEqual("ping"u8))
        {
            return Ping;
        }

        return name.SequenceEqual("error"u8) ? Error : Encoding.UTF8.GetString(name);
    }
}
