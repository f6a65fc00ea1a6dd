using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Search;

/// <summary>Input of the Glob tool.</summary>
public sealed record GlobInput(
    [property: JsonPropertyName("pattern")]
    [property: Description("Glob pattern matched against paths relative to the search directory, e.g. \"**/*.cs\", \"src/**/test_*.py\", \"*.{ts,tsx}\".")]
    string Pattern,
    [property: JsonPropertyName("path")]
    [property: Description("Directory to search in. Defaults to the current directory; omit it rather than passing \"null\" or \"undefined\".")]
    string? Path = null);
