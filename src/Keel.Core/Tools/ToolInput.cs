using System.Text.Json;

namespace Keel.Core.Tools;

/// <summary>
/// A call's input, decoded once: the JSON the model sent (what hooks, transcripts and the model see), the
/// tool's typed record, and the call's facets. Every step of the pipeline works on this, nothing parses again.
/// </summary>
public sealed record ToolInput(JsonElement Json, object Value, ToolFacets Facets)
{
    public T As<T>()
        where T : class => (T)Value;
}
