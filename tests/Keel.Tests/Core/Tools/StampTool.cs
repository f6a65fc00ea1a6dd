using System.Text.Json;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Tests.Core.Tools;

/// <summary>
/// A tool nothing else in Keel has heard of: it appends a stamp line to a file. Everything the rest of Keel knows
/// about it is what it declares here (kind, the path it writes, summary, display payloads).
/// </summary>
internal sealed class StampTool : ITool
{
    public const string Stamp = "stamped\n";

    private static readonly JsonElement Schema = JsonDocument.Parse(
        """{"type":"object","properties":{"file_path":{"type":"string"}},"required":["file_path"]}""").RootElement.Clone();

    public string Name => "Stamp";

    public ToolDefinition Definition => new(Name, "Appends a stamp line to a file.", Schema);

    public int MaxResultChars => 10_000;

    public ToolKind Kind => ToolKind.Write;

    public ToolDecoding Decode(JsonElement input, ToolSession session)
    {
        var path = input.GetProperty("file_path").GetString() ?? string.Empty;
        return ToolDecoding.Ok(new ToolInput(input, path, new ToolFacets
        {
            Paths = [new ToolPathTarget(path, PathAccess.Write)],
            Summary = "stamp " + session.DisplayPath(session.ResolvePath(path)),
            Display = new FilePatchDisplay(path, string.Empty, Stamp, 1, Created: false),
        }));
    }

    public ValueTask<ToolResult> ExecuteAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var path = context.Session.ResolvePath(input.As<string>());
        var before = File.Exists(path) ? File.ReadAllText(path) : null;
        File.WriteAllText(path, before + Stamp);
        var change = FilePatchDisplay.Between(path, before ?? string.Empty, before + Stamp, created: before is null);
        return ValueTask.FromResult(ToolResult.Success($"Stamped {path}.") with { Display = change });
    }
}
