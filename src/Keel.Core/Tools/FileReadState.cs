namespace Keel.Core.Tools;

/// <summary>What Keel knew about a file when it last read or wrote it.</summary>
public sealed record FileReadState(string Path, DateTime LastWriteTimeUtc, long Length, bool Partial);
