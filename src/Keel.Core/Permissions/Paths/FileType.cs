namespace Keel.Core.Permissions.Paths;

/// <summary>What a path is, from stat (symlinks followed), without opening it.</summary>
public enum FileType
{
    Missing,
    Regular,
    Directory,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
    Unknown,
}
