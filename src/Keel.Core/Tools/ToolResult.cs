using System.Text.Json.Nodes;
using Keel.Core.Messages;

namespace Keel.Core.Tools;

/// <summary>
/// The one result of a tool call. <see cref="Details"/> is structured data for surfaces
/// (stream-json's <c>tool_use_result</c>); the model sees only <see cref="Content"/>.
/// </summary>
public sealed record ToolResult(IReadOnlyList<ContentBlock> Content, bool IsError, JsonObject? Details = null)
{
    public static ToolResult Success(string text, JsonObject? details = null) => new([new TextBlock(text)], IsError: false, details);

    public static ToolResult Error(string text, JsonObject? details = null) => new([new TextBlock(text)], IsError: true, details);

    /// <summary>What the call did, typed for surfaces (the patch an edit made); the model never sees it.</summary>
    public ToolDisplay? Display { get; init; }

    public string Text => string.Concat(Content.OfType<TextBlock>().Select(static b => b.Text));
}
