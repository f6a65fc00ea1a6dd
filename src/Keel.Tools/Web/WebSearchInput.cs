using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Web;

/// <summary>Input of WebSearch.</summary>
public sealed record WebSearchInput(
    [property: JsonPropertyName("query")]
    [property: Description("The search query.")]
    string Query,
    [property: JsonPropertyName("allowed_domains")]
    [property: Description("Only return results from these domains.")]
    IReadOnlyList<string>? AllowedDomains = null,
    [property: JsonPropertyName("blocked_domains")]
    [property: Description("Never return results from these domains.")]
    IReadOnlyList<string>? BlockedDomains = null);
