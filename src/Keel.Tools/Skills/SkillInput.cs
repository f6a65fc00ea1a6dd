using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Skills;

/// <summary>Input of the Skill tool.</summary>
public sealed record SkillInput(
    [property: JsonPropertyName("skill")]
    [property: Description("The skill's name exactly as listed under Skills in the system prompt, e.g. \"pdf\" or \"team:release-notes\".")]
    string Skill,
    [property: JsonPropertyName("args")]
    [property: Description("Optional arguments for the skill, as the user would type them after its name.")]
    string? Args = null);
