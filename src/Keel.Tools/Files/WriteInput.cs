using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Files;

/// <summary>Input of the Write tool.</summary>
public sealed record WriteInput(
    [property: JsonPropertyName("file_path")]
    [property: Description("Path of the file to create or overwrite (absolute is best).")]
    string FilePath,
    [property: JsonPropertyName("content")]
    [property: Description("The complete new content of the file.")]
    string Content);
