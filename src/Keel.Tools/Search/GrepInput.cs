using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Search;

/// <summary>Input of the Grep tool.</summary>
public sealed record GrepInput(
    [property: JsonPropertyName("pattern")]
    [property: Description("Regular expression (.NET syntax) to search for in file contents.")]
    string Pattern,
    [property: JsonPropertyName("path")]
    [property: Description("File or directory to search. Defaults to the current directory.")]
    string? Path = null,
    [property: JsonPropertyName("glob")]
    [property: Description("Only search files whose path matches this glob, e.g. \"*.js\", \"*.{ts,tsx}\", \"src/**/*.py\".")]
    string? Glob = null,
    [property: JsonPropertyName("type")]
    [property: Description("Only search files of this type, e.g. js, ts, py, rust, go, java, cs, cpp. Faster than glob for standard types.")]
    string? Type = null,
    [property: JsonPropertyName("output_mode")]
    [property: Description("\"files_with_matches\" (default) lists matching files; \"content\" shows matching lines; \"count\" shows matches per file.")]
    string? OutputMode = null,
    [property: JsonPropertyName("-i")]
    [property: Description("Case-insensitive search.")]
    bool? IgnoreCase = null,
    [property: JsonPropertyName("-n")]
    [property: Description("Show line numbers in content mode (default true).")]
    bool? LineNumbers = null,
    [property: JsonPropertyName("-A")]
    [property: Description("Lines of context to show after each match (content mode only).")]
    int? After = null,
    [property: JsonPropertyName("-B")]
    [property: Description("Lines of context to show before each match (content mode only).")]
    int? Before = null,
    [property: JsonPropertyName("-C")]
    [property: Description("Lines of context to show before and after each match (content mode only).")]
    int? Context = null,
    [property: JsonPropertyName("multiline")]
    [property: Description("Let the pattern span lines; . also matches newlines (default false).")]
    bool? Multiline = null,
    [property: JsonPropertyName("head_limit")]
    [property: Description("Return at most this many output lines (content) or entries (files, counts).")]
    int? HeadLimit = null,
    [property: JsonPropertyName("offset")]
    [property: Description("Skip this many output lines or entries before applying head_limit (for paging).")]
    int? Offset = null);
