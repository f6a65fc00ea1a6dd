using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Shell;

/// <summary>The Bash tool's input as the model sends it.</summary>
internal sealed record BashInput(
    [property: JsonPropertyName("command")]
    [property: Description("The shell command to run.")]
    string Command,
    [property: JsonPropertyName("timeout")]
    [property: Description("Optional timeout in milliseconds (default 120000, at most 600000).")]
    int? Timeout = null,
    [property: JsonPropertyName("description")]
    [property: Description("A short description of what the command does, in 5-10 words, shown to the user.")]
    string? Description = null,
    [property: JsonPropertyName("run_in_background")]
    [property: Description("Set to true to start the command in the background and return at once with a shell id; read its output with BashOutput and stop it with KillShell.")]
    bool? RunInBackground = null);
