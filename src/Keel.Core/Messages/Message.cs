namespace Keel.Core.Messages;

public sealed record Message(Role Role, IReadOnlyList<ContentBlock> Content)
{
    public static Message UserText(string text) => new(Role.User, [new TextBlock(text)]);

    /// <summary>The concatenated text blocks, ignoring thinking and tool blocks.</summary>
    public string Text => string.Concat(Content.OfType<TextBlock>().Select(static b => b.Text));

    public IEnumerable<ToolUseBlock> ToolUses => Content.OfType<ToolUseBlock>();
}
