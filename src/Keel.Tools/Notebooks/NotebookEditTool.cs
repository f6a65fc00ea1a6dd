using System.Text.Json.Nodes;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Tools.Files;

namespace Keel.Tools.Notebooks;

/// <summary>Replaces, inserts or deletes one notebook cell, leaving the rest of the file byte for byte.</summary>
public sealed class NotebookEditTool : Tool<NotebookEditInput>
{
    public NotebookEditTool()
        : base(static () => NotebookJsonContext.Default.NotebookEditInput)
    {
    }

    public override string Name => "NotebookEdit";

    public override ToolKind Kind => ToolKind.Write;

    // Rarely needed: sent by name only when tool search is on.
    public override bool IsDeferrable => true;

    public override IReadOnlyList<string> RuleAliases => ["Edit"];

    protected override ToolFacets Describe(NotebookEditInput input, ToolSession session) => base.Describe(input, session) with
    {
        Paths = [new ToolPathTarget(input.NotebookPath, PathAccess.Write)],
        Summary = session.DisplayPath(input.NotebookPath),
    };

    protected override string Description => EmbeddedText.Load(nameof(NotebookEditTool));

    protected override string? Validate(NotebookEditInput input, ToolSession session)
    {
        if (string.IsNullOrWhiteSpace(input.NotebookPath))
        {
            return "notebook_path must not be empty.";
        }

        if (!input.NotebookPath.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
        {
            return $"{input.NotebookPath} is not a .ipynb notebook; use Edit or Write for other files.";
        }

        if (input.EditMode is not (null or "replace" or "insert" or "delete"))
        {
            return $"edit_mode must be replace, insert or delete, not \"{input.EditMode}\".";
        }

        return input.CellType is not (null or "code" or "markdown") ? $"cell_type must be code or markdown, not \"{input.CellType}\"." : null;
    }

    protected override ValueTask<ToolResult> ExecuteAsync(NotebookEditInput input, ToolContext context, CancellationToken cancellationToken)
        => Files.GuardedWrite.Run(input.NotebookPath, context, "edit", path => ValueTask.FromResult(Edit(path, input, context.Session)));

    private static ToolResult Edit(string path, NotebookEditInput input, ToolSession session)
    {
        if (!File.Exists(path))
        {
            return ToolResult.Error($"Notebook does not exist: {path}. Create it with Write first (an empty notebook is {{\"cells\": [], \"metadata\": {{}}, \"nbformat\": 4, \"nbformat_minor\": 5}}).");
        }

        if (EditGuard.CheckExisting(path, session) is { } refusal)
        {
            return ToolResult.Error(refusal);
        }

        var mode = input.EditMode ?? "replace";
        var result = NotebookEditor.Apply(File.ReadAllBytes(path), input.CellId, input.NewSource ?? string.Empty, input.CellType, mode);
        if (result.Bytes is null)
        {
            return ToolResult.Error(result.Error!);
        }

        Keel.Core.Storage.AtomicFile.WriteFlushLater(path, result.Bytes);
        session.Reads.Record(path);
        var details = new JsonObject
        {
            ["notebook_path"] = path,
            ["cell_id"] = result.CellId,
            ["edit_mode"] = mode,
            ["new_source"] = input.NewSource,
        };
        return ToolResult.Success($"{result.Verb} cell {result.CellId} in {path}.", details);
    }
}
