using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Notebooks;

/// <summary>Input of NotebookEdit.</summary>
public sealed record NotebookEditInput(
    [property: JsonPropertyName("notebook_path")]
    [property: Description("Path of the .ipynb file (absolute is best).")]
    string NotebookPath,
    [property: JsonPropertyName("new_source")]
    [property: Description("The cell's new source (ignored when deleting).")]
    string NewSource,
    [property: JsonPropertyName("cell_id")]
    [property: Description("The id of the cell to replace or delete, as Read shows it. When inserting, the new cell goes after this cell, or first when omitted.")]
    string? CellId = null,
    [property: JsonPropertyName("cell_type")]
    [property: Description("code or markdown. Required when inserting; when replacing, defaults to the cell's current type.")]
    string? CellType = null,
    [property: JsonPropertyName("edit_mode")]
    [property: Description("replace (default), insert or delete.")]
    string? EditMode = null);
