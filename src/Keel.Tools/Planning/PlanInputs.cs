using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Planning;

/// <summary>Input of ExitPlanMode.</summary>
public sealed record ExitPlanModeInput(
    [property: JsonPropertyName("plan")]
    [property: Description("The plan to present for approval, in Markdown: the steps, the files to change, and how the result will be checked.")]
    string Plan);
