namespace Keel.Tools.Search;

/// <summary>
/// A file with matches: how many matching lines, when it was last modified, and (content mode built in the search pass)
/// its output lines joined by <c>\n</c> with their number.
/// </summary>
internal readonly record struct GrepHit(string Path, int Count, DateTime Modified, ReadOnlyMemory<char> Block = default, int BlockLines = 0);
