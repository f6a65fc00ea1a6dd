using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Shell.Background;

/// <summary>The KillShell tool's input.</summary>
internal sealed record KillShellInput(
    [property: JsonPropertyName("shell_id")]
    [property: Description("The id of the background shell to stop.")]
    string ShellId);
