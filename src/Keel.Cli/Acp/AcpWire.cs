using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Cli.Acp;

// The Agent Client Protocol's v1 messages as Keel sends and reads them (schema/v1/schema.json of
// agentclientprotocol/agent-client-protocol). Only what Keel uses; unknown fields from a client are ignored.

internal sealed record AcpImplementation(string Name, string Title, string Version);

internal sealed record AcpPromptCapabilities(bool Image, bool Audio, bool EmbeddedContext);

internal sealed record AcpMcpCapabilities(bool Http, bool Sse);

internal sealed record AcpAgentCapabilities(bool LoadSession, AcpPromptCapabilities PromptCapabilities, AcpMcpCapabilities McpCapabilities);

internal sealed record AcpInitializeResult(int ProtocolVersion, AcpAgentCapabilities AgentCapabilities, IReadOnlyList<JsonElement> AuthMethods, AcpImplementation AgentInfo);

internal sealed record AcpMode(string Id, string Name, string Description);

internal sealed record AcpModeState(string CurrentModeId, IReadOnlyList<AcpMode> AvailableModes);

internal sealed record AcpNewSessionResult(string SessionId, AcpModeState Modes);

internal sealed record AcpLoadSessionResult(AcpModeState Modes);

internal sealed record AcpPromptResult(string StopReason);

internal sealed record AcpEmpty;

internal sealed record AcpSessionRef(string SessionId);

internal sealed record AcpSessionNotification(string SessionId, AcpUpdate Update);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(AcpTextContent), "text")]
internal abstract record AcpContentBlock;

internal sealed record AcpTextContent(string Text) : AcpContentBlock;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "sessionUpdate")]
[JsonDerivedType(typeof(AcpUserMessageChunk), "user_message_chunk")]
[JsonDerivedType(typeof(AcpAgentMessageChunk), "agent_message_chunk")]
[JsonDerivedType(typeof(AcpAgentThoughtChunk), "agent_thought_chunk")]
[JsonDerivedType(typeof(AcpToolCall), "tool_call")]
[JsonDerivedType(typeof(AcpToolCallUpdate), "tool_call_update")]
[JsonDerivedType(typeof(AcpPlan), "plan")]
[JsonDerivedType(typeof(AcpAvailableCommandsUpdate), "available_commands_update")]
[JsonDerivedType(typeof(AcpCurrentModeUpdate), "current_mode_update")]
internal abstract record AcpUpdate;

internal sealed record AcpUserMessageChunk(AcpContentBlock Content) : AcpUpdate;

internal sealed record AcpAgentMessageChunk(AcpContentBlock Content) : AcpUpdate;

internal sealed record AcpAgentThoughtChunk(AcpContentBlock Content) : AcpUpdate;

/// <summary>A tool call as first reported (<c>tool_call</c>).</summary>
internal sealed record AcpToolCall(string ToolCallId, string Title, string Kind, string Status) : AcpUpdate
{
    public IReadOnlyList<AcpToolCallContent>? Content { get; init; }

    public IReadOnlyList<AcpLocation>? Locations { get; init; }

    public JsonElement? RawInput { get; init; }
}

/// <summary>A change to a reported tool call (<c>tool_call_update</c>); also the <c>toolCall</c> of a permission request.</summary>
internal sealed record AcpToolCallUpdate(string ToolCallId) : AcpUpdate
{
    public string? Title { get; init; }

    public string? Kind { get; init; }

    public string? Status { get; init; }

    public IReadOnlyList<AcpToolCallContent>? Content { get; init; }

    public IReadOnlyList<AcpLocation>? Locations { get; init; }

    public JsonElement? RawInput { get; init; }
}

internal sealed record AcpLocation(string Path)
{
    public int? Line { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(AcpContentItem), "content")]
[JsonDerivedType(typeof(AcpDiff), "diff")]
[JsonDerivedType(typeof(AcpTerminalItem), "terminal")]
internal abstract record AcpToolCallContent;

internal sealed record AcpContentItem(AcpContentBlock Content) : AcpToolCallContent;

internal sealed record AcpDiff(string Path, string? OldText, string NewText) : AcpToolCallContent;

internal sealed record AcpTerminalItem(string TerminalId) : AcpToolCallContent;

internal sealed record AcpPlanEntry(string Content, string Priority, string Status);

internal sealed record AcpPlan(IReadOnlyList<AcpPlanEntry> Entries) : AcpUpdate;

internal sealed record AcpCommandInput(string Hint);

internal sealed record AcpAvailableCommand(string Name, string Description)
{
    public AcpCommandInput? Input { get; init; }
}

internal sealed record AcpAvailableCommandsUpdate(IReadOnlyList<AcpAvailableCommand> AvailableCommands) : AcpUpdate;

internal sealed record AcpCurrentModeUpdate(string CurrentModeId) : AcpUpdate;

internal sealed record AcpPermissionOption(string OptionId, string Name, string Kind);

internal sealed record AcpRequestPermission(string SessionId, AcpToolCallUpdate ToolCall, IReadOnlyList<AcpPermissionOption> Options);

internal sealed record AcpReadTextFile(string SessionId, string Path)
{
    public int? Line { get; init; }

    public int? Limit { get; init; }
}

internal sealed record AcpWriteTextFile(string SessionId, string Path, string Content);

internal sealed record AcpEnvVariable(string Name, string Value);

internal sealed record AcpCreateTerminal(string SessionId, string Command, IReadOnlyList<string> Args, IReadOnlyList<AcpEnvVariable> Env, string Cwd)
{
    public long? OutputByteLimit { get; init; }
}

internal sealed record AcpTerminalRef(string SessionId, string TerminalId);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(AcpInitializeResult))]
[JsonSerializable(typeof(AcpNewSessionResult))]
[JsonSerializable(typeof(AcpLoadSessionResult))]
[JsonSerializable(typeof(AcpPromptResult))]
[JsonSerializable(typeof(AcpEmpty))]
[JsonSerializable(typeof(AcpSessionRef))]
[JsonSerializable(typeof(AcpSessionNotification))]
[JsonSerializable(typeof(AcpRequestPermission))]
[JsonSerializable(typeof(AcpReadTextFile))]
[JsonSerializable(typeof(AcpWriteTextFile))]
[JsonSerializable(typeof(AcpCreateTerminal))]
[JsonSerializable(typeof(AcpTerminalRef))]
[JsonSerializable(typeof(AcpUpdate))]
internal sealed partial class AcpJson : JsonSerializerContext;
