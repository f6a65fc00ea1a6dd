using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Shell.Background;

/// <summary>The BashOutput tool's input.</summary>
internal sealed record BashOutputInput(
    [property: JsonPropertyName("bash_id")]
    [property: Description("The id of the background shell, as returned by Bash with run_in_background.")]
    string BashId,
    [property: JsonPropertyName("filter")]
    [property: Description("Optional regular expression: only lines that match it are returned (the others are still consumed).")]
    string? Filter = null);
