using System.Text.Json.Serialization;

namespace Keel.Tools.Web;

[JsonSerializable(typeof(WebFetchInput))]
[JsonSerializable(typeof(WebSearchInput))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
