using System.Text.Json.Serialization;

namespace Keel.Tools.Skills;

/// <summary>Source-generated metadata for the Skill tool's input.</summary>
[JsonSerializable(typeof(SkillInput))]
internal sealed partial class SkillsJsonContext : JsonSerializerContext;
