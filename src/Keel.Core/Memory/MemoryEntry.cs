namespace Keel.Core.Memory;

/// <summary>One memory topic file as its header describes it (the body is read only when it is recalled).</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="Name">The front matter <c>name</c>, else the file name without extension.</param>
/// <param name="Description">The front matter <c>description</c> (empty when missing).</param>
/// <param name="Type">One of <see cref="MemoryTypes"/>, or null when the file declares none or an unknown one.</param>
/// <param name="Modified">When the file last changed on disk (its age decides the stale note).</param>
/// <param name="Scope"><c>project</c> or <c>user</c>: which memory folder it lives in.</param>
public sealed record MemoryEntry(string Path, string Name, string Description, string? Type, DateTimeOffset Modified, string Scope)
{
    public string FileName => System.IO.Path.GetFileName(Path);
}
