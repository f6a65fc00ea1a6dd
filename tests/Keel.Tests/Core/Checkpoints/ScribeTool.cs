using System.Text.Json;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Checkpoints;

/// <summary>
/// A test tool that is not Write, Edit nor NotebookEdit: it only says in its facets that it writes
/// <c>path</c>. Checkpoints follow those facets, not tool names. <see cref="HangAfterWriting"/> makes a call write
/// half its text and wait until it is interrupted.
/// </summary>
internal sealed class ScribeTool : ITool
{
    private static readonly JsonElement AnyObject = ScriptedModelClient.Json("""{"type":"object"}""");

    public string Name => "Scribe";

    public ToolDefinition Definition => new(Name, "Writes text to a file (tests)", AnyObject);

    public int MaxResultChars => 10_000;

    public ToolKind Kind => ToolKind.Write;

    public bool HangAfterWriting { get; set; }

    public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ToolDecoding Decode(JsonElement input, ToolSession session)
    {
        var path = input.GetProperty("path").GetString()!;
        return ToolDecoding.Ok(new ToolInput(input, input, new ToolFacets { Paths = [new ToolPathTarget(path, PathAccess.Write)], Summary = path }));
    }

    public async ValueTask<ToolResult> ExecuteAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var path = context.Session.ResolvePath(input.Json.GetProperty("path").GetString()!);
        var text = input.Json.GetProperty("text").GetString()!;
        if (HangAfterWriting)
        {
            await File.WriteAllTextAsync(path, text[..(text.Length / 2)], cancellationToken);
            Hanging.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        await File.WriteAllTextAsync(path, text, cancellationToken);
        return ToolResult.Success("written");
    }
}
