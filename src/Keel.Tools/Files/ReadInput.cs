using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Files;

/// <summary>Input of the Read tool.</summary>
public sealed record ReadInput(
    [property: JsonPropertyName("file_path")]
    [property: Description("Path of the file to read. Absolute is best; relative paths resolve against the current directory and ~ means the home directory.")]
    string FilePath,
    [property: JsonPropertyName("offset")]
    [property: Description("1-based line number to start reading at. Only give it for files too large to read at once.")]
    int? Offset = null,
    [property: JsonPropertyName("limit")]
    [property: Description("Maximum number of lines to return (default 2000). Only give it for files too large to read at once.")]
    int? Limit = null);
