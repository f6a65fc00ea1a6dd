namespace Keel.Tools.Notebooks;

/// <summary>The new file bytes and which cell changed, or why the edit cannot be made.</summary>
internal sealed record NotebookEditResult(byte[]? Bytes, string? CellId, string? Verb, string? Error)
{
    public static NotebookEditResult Ok(byte[] bytes, string cellId, string verb) => new(bytes, cellId, verb, null);

    public static NotebookEditResult Fail(string error) => new(null, null, null, error);
}
