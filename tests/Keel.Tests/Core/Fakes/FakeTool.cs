using System.Text.Json;
using Keel.Core.Model;
using Keel.Core.Tools;

namespace Keel.Tests.Core.Fakes;

/// <summary>A tool whose behaviour each test sets.</summary>
internal sealed class FakeTool(string name, bool readOnly, Func<JsonElement, CancellationToken, Task<ToolResult>> run) : ITool
{
    private static readonly JsonElement AnyObject = ScriptedModelClient.Json("""{"type":"object"}""");

    public string Name => name;

    /// <summary>The input schema (any object unless a test sets one).</summary>
    public JsonElement Schema { get; init; } = AnyObject;

    public ToolDefinition Definition => new(name, $"{name} for tests", Schema);

    public int MaxResultChars { get; init; } = 50_000;

    public ToolKind Kind => readOnly ? ToolKind.Read : ToolKind.Exec;

    public bool CancelsSiblings { get; init; }

    public bool FailureCancelsSiblings => CancelsSiblings;

    /// <summary>Read-only calls say they may start while the response streams (as Read, Grep and Glob do).</summary>
    public bool StartsEarly { get; init; }

    public int Calls;

    public ToolDecoding Decode(JsonElement input, ToolSession session) =>
        ToolDecoding.Ok(new ToolInput(input, input, new ToolFacets { IsReadOnly = readOnly, IsConcurrencySafe = readOnly, StartsEarly = readOnly && StartsEarly }));

    public async ValueTask<ToolResult> ExecuteAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        return await run(input.Json, cancellationToken);
    }
}
