using System.Text.Json;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Tests.Core.Fakes;

/// <summary>A tool whose behaviour each test sets.</summary>
internal sealed class FakeTool(string name, bool readOnly, Func<JsonElement, CancellationToken, Task<ToolResult>> run) : ITool
{
    private static readonly JsonElement Schema = ScriptedModelClient.Json("""{"type":"object"}""");

    public string Name => name;

    public ToolDefinition Definition => new(name, $"{name} for tests", Schema);

    public int MaxResultChars { get; init; } = 50_000;

    public bool CancelsSiblings { get; init; }

    public bool FailureCancelsSiblings => CancelsSiblings;

    public int Calls;

    public bool IsReadOnly(JsonElement input) => readOnly;

    public bool IsConcurrencySafe(JsonElement input) => readOnly;

    public string? ValidateInput(JsonElement input, ToolSession session) => null;

    public PermissionDecision? CheckPermission(JsonElement input, ToolSession session) => null;

    public async ValueTask<ToolResult> ExecuteAsync(JsonElement input, ToolContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        return await run(input, cancellationToken);
    }
}
