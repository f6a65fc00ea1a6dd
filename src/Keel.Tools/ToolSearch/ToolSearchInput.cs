using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.ToolSearch;

/// <summary>Input of the ToolSearch tool.</summary>
public sealed record ToolSearchInput(
    [property: JsonPropertyName("query")]
    [property: Description("\"select:Name1,Name2\" loads those tools by exact name; any other text is matched against tool names and descriptions.")]
    string Query,
    [property: JsonPropertyName("max_results")]
    [property: Description("The most tools a keyword search loads (default 5).")]
    int? MaxResults = null);
