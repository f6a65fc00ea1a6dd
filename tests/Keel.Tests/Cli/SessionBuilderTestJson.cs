using System.Text.Json.Serialization;

namespace Keel.Tests.Cli;

/// <summary>Source-generated JSON for the builder tests' MCP configuration.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class SessionBuilderTestJson : JsonSerializerContext;
