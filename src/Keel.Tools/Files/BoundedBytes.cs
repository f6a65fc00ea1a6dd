namespace Keel.Tools.Files;

/// <summary>The first bytes of a file read under a byte and time bound: <see cref="Bytes"/>, or why not.</summary>
internal sealed record BoundedBytes(byte[]? Bytes, bool Truncated, string? Error);
