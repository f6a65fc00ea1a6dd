using System.Text.Json;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;

namespace Keel.Tests;

/// <summary>
/// For tests of a tool's own behaviour: decode (schema check included) and run a call without the pipeline's
/// permission and hook steps. Sessions always run calls through <see cref="ToolPipeline"/>.
/// </summary>
internal static class ToolTestExtensions
{
    public static async ValueTask<ToolResult> ExecuteAsync(this ITool tool, JsonElement input, ToolContext context, CancellationToken cancellationToken)
    {
        var decoding = DecodeInputStep.Decode(tool, input, context.Session);
        return decoding.Input is { } decoded
            ? await tool.ExecuteAsync(decoded, context, cancellationToken)
            : ToolResult.Error(decoding.Error!);
    }

    public static ToolFacets Facets(this ITool tool, JsonElement input, ToolSession? session = null) =>
        DecodeInputStep.Decode(tool, input, session ?? new ToolSession(Path.GetTempPath(), [], Path.GetTempPath(), TimeProvider.System)).Input?.Facets ?? ToolFacets.None;

    public static bool IsReadOnly(this ITool tool, JsonElement input) => tool.Facets(input).IsReadOnly;

    public static bool IsConcurrencySafe(this ITool tool, JsonElement input) => tool.Facets(input).IsConcurrencySafe;
}
