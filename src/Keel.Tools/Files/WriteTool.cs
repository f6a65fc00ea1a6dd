using Keel.Core.Permissions;
using System.Text.Json.Nodes;
using Keel.Core.Tools;

namespace Keel.Tools.Files;

/// <summary>Creates a file or replaces its whole content.</summary>
public sealed class WriteTool : Tool<WriteInput>
{
    public WriteTool()
        : base(static () => FileToolsJsonContext.Default.WriteInput)
    {
    }

    public override string Name => "Write";

    public override ToolKind Kind => ToolKind.Write;

    public override IReadOnlyList<string> RuleAliases => ["Edit"];

    protected override ToolFacets Describe(WriteInput input, ToolSession session) => base.Describe(input, session) with
    {
        Paths = [new ToolPathTarget(input.FilePath, PathAccess.Write)],
        Summary = session.DisplayPath(input.FilePath),
        Display = new FilePatchDisplay(input.FilePath, string.Empty, input.Content, 1, Created: false),
    };

    protected override string Description => EmbeddedText.Load(nameof(WriteTool));

    protected override string? Validate(WriteInput input, ToolSession session) =>
        string.IsNullOrWhiteSpace(input.FilePath) ? "file_path must not be empty." : null;

    protected override ValueTask<ToolResult> ExecuteAsync(WriteInput input, ToolContext context, CancellationToken cancellationToken)
        => GuardedWrite.Run(input.FilePath, context, "write", path => WriteAsync(path, input.Content, context.Session, cancellationToken));

    private static async ValueTask<ToolResult> WriteAsync(string path, string content, ToolSession session, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            return ToolResult.Error($"{path} is a directory; give the path of a file.");
        }

        var exists = File.Exists(path);
        TextFile file;
        string? original = null;
        if (exists)
        {
            var refusal = EditGuard.CheckExisting(path, session);
            if (refusal is not null)
            {
                return ToolResult.Error(refusal);
            }

            // Keep the existing encoding and BOM; the text is the model's.
            var existing = await GuardedWrite.LoadAsync(path, session, cancellationToken);
            original = existing.Text;
            file = existing.With(content);
        }
        else
        {
            file = TextFile.New(content);
        }

        await GuardedWrite.SaveAsync(path, file, session, cancellationToken);
        session.Reads.Record(path);
        var lines = LineFormat.SplitLines(content).Count;
        var details = new JsonObject
        {
            ["type"] = exists ? "update" : "create",
            ["filePath"] = path,
            ["content"] = content,
        };
        if (original is not null)
        {
            details["structuredPatch"] = UnifiedDiff.ToJson(UnifiedDiff.Compute(original, content));
        }

        var verb = exists ? "Updated" : "Created";
        var change = FilePatchDisplay.Between(path, (original ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal), content.Replace("\r\n", "\n", StringComparison.Ordinal), created: !exists);
        return ToolResult.Success($"{verb} {path} ({lines} lines).", details) with { Display = change };
    }
}
