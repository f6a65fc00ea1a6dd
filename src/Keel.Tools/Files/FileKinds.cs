using System.Collections.Frozen;
using Keel.Core.Permissions.Paths;

namespace Keel.Tools.Files;

/// <summary>Classifies files by extension, content and type (regular file, FIFO, device).</summary>
internal static class FileKinds
{
    public const int BinarySniffBytes = 8192;

    private static FrozenSet<string>? _binaryExtensions;

    private static FrozenSet<string> BinaryExtensions => _binaryExtensions ??= new[]
    {
        ".exe", ".dll", ".so", ".dylib", ".o", ".obj", ".a", ".lib", ".class", ".jar", ".war", ".pyc", ".pyo", ".wasm",
        ".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".tar", ".iso", ".dmg", ".deb", ".rpm", ".apk",
        ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt",
        ".bmp", ".ico", ".tif", ".tiff", ".psd", ".heic", ".avif",
        ".mp3", ".mp4", ".m4a", ".mov", ".avi", ".mkv", ".wav", ".flac", ".ogg", ".webm",
        ".woff", ".woff2", ".ttf", ".otf", ".eot",
        ".sqlite", ".sqlite3", ".db", ".bin", ".pdb", ".nupkg", ".snk", ".keystore",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The media type for an image extension Read returns as an image, else null.</summary>
    public static string? ImageMediaType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        _ => null,
    };

    /// <summary>The media type the bytes really are (extensions lie), or null when not recognised.</summary>
    public static string? SniffImage(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]))
        {
            return "image/png";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (bytes.StartsWith("GIF8"u8))
        {
            return "image/gif";
        }

        return bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? "image/webp" : null;
    }

    public static bool HasBinaryExtension(string path) => BinaryExtensions.Contains(Path.GetExtension(path));

    public static bool LooksBinary(ReadOnlySpan<byte> head) =>
        head[..Math.Min(head.Length, BinarySniffBytes)].Contains((byte)0);

    /// <summary>
    /// Describes a path that is neither a regular file nor a directory (FIFO, device, socket), or null.
    /// Opening such a file can block forever, so this asks the kernel (statx) without opening it.
    /// </summary>
    public static string? DescribeSpecial(FileInfo info) => FileProbe.Probe(info.FullName) switch
    {
        FileType.CharacterDevice or FileType.BlockDevice => "a device file",
        FileType.Fifo => "a FIFO (named pipe)",
        FileType.Socket => "a socket",
        _ => null,
    };
}
