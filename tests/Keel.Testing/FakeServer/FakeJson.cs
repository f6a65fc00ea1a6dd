using System.Text.Json.Serialization;

namespace Keel.Testing.FakeServer;

/// <summary>Source-generated JSON for the few strings the fake server escapes.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class FakeJson : JsonSerializerContext;
