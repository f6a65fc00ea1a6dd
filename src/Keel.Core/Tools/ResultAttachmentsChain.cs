using System.Text;
using Keel.Core.Messages;

namespace Keel.Core.Tools;

/// <summary>Several sources of result attachments, asked in order; their texts are joined.</summary>
public sealed class ResultAttachmentsChain(IReadOnlyList<IToolResultAttachments> sources) : IToolResultAttachments
{
    public string? For(ToolUseBlock call, ToolResult result, ToolSession session)
    {
        StringBuilder? text = null;
        foreach (var source in sources)
        {
            if (source.For(call, result, session) is { Length: > 0 } attached)
            {
                (text ??= new StringBuilder()).Append(attached);
            }
        }

        return text?.ToString();
    }
}
