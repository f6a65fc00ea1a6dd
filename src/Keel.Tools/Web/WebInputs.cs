using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Web;

/// <summary>Input of WebFetch.</summary>
public sealed record WebFetchInput(
    [property: JsonPropertyName("url")]
    [property: Description("The full URL to fetch (http is upgraded to https).")]
    string Url,
    [property: JsonPropertyName("prompt")]
    [property: Description("What to find or extract from the page; the answer, not the page, comes back.")]
    string Prompt);
