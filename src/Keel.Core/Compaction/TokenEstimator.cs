using System.Buffers;
using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Core.Compaction;

/// <summary>
/// Rough token counts without a tokenizer: the UTF-8 bytes of the JSON the API would receive,
/// divided by four. Counting the serialised form (not the raw text) keeps escapes such as
/// <c>\n</c> in tool output from being undercounted.
/// </summary>
public static class TokenEstimator
{
    private const int BytesPerToken = 4;

    public static long Estimate(Message message)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            MessageJson.WriteMessage(writer, message);
        }

        return Tokens(buffer.WrittenCount);
    }

    public static long Estimate(IEnumerable<Message> messages) => messages.Sum(static m => Estimate(m));

    public static long Estimate(string text) => Tokens(text.Length);

    /// <summary>The whole request: system blocks, tool definitions and messages.</summary>
    public static long Estimate(ModelRequest request) =>
        EstimateFixed(request) + Estimate(request.Messages);

    /// <summary>The part of a request that does not change between turns: system and tools.</summary>
    public static long EstimateFixed(ModelRequest request)
    {
        long bytes = request.System.Sum(static s => s.Text.Length + 64);
        foreach (var tool in request.Tools)
        {
            bytes += tool.Name.Length + tool.Description.Length + tool.InputSchema.GetRawText().Length + 64;
        }

        return Tokens(bytes);
    }

    private static long Tokens(long bytes) => (bytes + BytesPerToken - 1) / BytesPerToken;
}
