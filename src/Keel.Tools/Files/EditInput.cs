using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Files;

/// <summary>Input of the Edit tool.</summary>
public sealed record EditInput(
    [property: JsonPropertyName("file_path")]
    [property: Description("Path of the file to change (absolute is best).")]
    string FilePath,
    [property: JsonPropertyName("old_string")]
    [property: Description("The exact text to replace, including its indentation. Must occur exactly once unless replace_all is true.")]
    string OldString,
    [property: JsonPropertyName("new_string")]
    [property: Description("The text to put in its place. Must differ from old_string.")]
    string NewString,
    [property: JsonPropertyName("replace_all")]
    [property: Description("Replace every occurrence of old_string instead of requiring a unique match (default false).")]
    bool ReplaceAll = false);
