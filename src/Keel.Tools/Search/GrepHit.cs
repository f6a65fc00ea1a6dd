namespace Keel.Tools.Search;

/// <summary>A file with matches: how many matching lines, and when it was last modified.</summary>
internal readonly record struct GrepHit(string Path, int Count, DateTime Modified);
