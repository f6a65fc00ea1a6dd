using System.Text.Json;

namespace Keel.Core.Messages;

/// <summary>One block of message content, as the Messages API defines it.</summary>
public abstract record ContentBlock;

public sealed record TextBlock(string Text) : ContentBlock;

/// <summary>Extended thinking; the signature must be sent back byte for byte.</summary>
public sealed record ThinkingBlock(string Thinking, string Signature) : ContentBlock;

public sealed record RedactedThinkingBlock(string Data) : ContentBlock;

public sealed record ToolUseBlock(string Id, string Name, JsonElement Input) : ContentBlock;

public sealed record ToolResultBlock(string ToolUseId, IReadOnlyList<ContentBlock> Content, bool IsError) : ContentBlock;

/// <summary>A base64 image (Read returns these for image files).</summary>
public sealed record ImageBlock(string MediaType, string Base64Data) : ContentBlock;

/// <summary>
/// A block type this build does not know (server tools, new API features). It is kept
/// verbatim so the conversation can be sent back unchanged.
/// </summary>
public sealed record UnknownBlock(string Type, JsonElement Raw) : ContentBlock;

/// <summary>A call of a tool the API runs itself (e.g. <c>web_search</c>); its input streams like a tool_use's.</summary>
public sealed record ServerToolUseBlock(string Id, string Name, JsonElement Input) : ContentBlock;

/// <summary>
/// The results of a server-side web search, kept verbatim (<see cref="Raw"/>, including the encrypted
/// content the API needs back) with the parts Keel shows read out.
/// </summary>
public sealed record WebSearchToolResultBlock(string ToolUseId, IReadOnlyList<WebSearchHit> Hits, string? ErrorCode, JsonElement Raw) : ContentBlock;
