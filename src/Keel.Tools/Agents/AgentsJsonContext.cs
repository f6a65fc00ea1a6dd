using System.Text.Json.Serialization;

namespace Keel.Tools.Agents;

/// <summary>Source-generated JSON metadata for the Agent tool's input.</summary>
[JsonSerializable(typeof(AgentInput))]
[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
internal sealed partial class AgentsJsonContext : JsonSerializerContext;
