namespace Keel.Tools.Search;

/// <summary>
/// Receives a walked file. On Linux <paramref name="directory"/> is the open descriptor of its directory and
/// <paramref name="name"/> its name's bytes, followed by a NUL in memory, to open it by (both valid only during the
/// call; -1 and empty otherwise); <paramref name="regular"/> is true when the directory listed it as a regular file.
/// </summary>
internal delegate void FileVisitor(WalkEntry entry, int directory, ReadOnlySpan<byte> name, bool regular);
