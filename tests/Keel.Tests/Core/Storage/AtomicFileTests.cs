using Keel.Core.Storage;

namespace Keel.Tests.Core.Storage;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_write_flushed_later_is_in_place_at_once_keeps_the_mode_and_leaves_no_temp_file()
    {
        var path = Path.Combine(_dir, "script.sh");
        File.WriteAllText(path, "old\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        AtomicFile.WriteFlushLater(path, "new\n"u8);

        File.ReadAllText(path).ShouldBe("new\n");
        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.GetFiles(_dir).ShouldBe([path]);
    }

    [Fact]
    public void A_write_flushed_later_through_a_symlink_changes_the_target()
    {
        var target = Path.Combine(_dir, "real.txt");
        var link = Path.Combine(_dir, "link.txt");
        File.WriteAllText(target, "old\n");
        File.CreateSymbolicLink(link, target);

        AtomicFile.WriteFlushLater(link, "new\n"u8);

        File.ReadAllText(target).ShouldBe("new\n");
        new FileInfo(link).LinkTarget.ShouldBe(target);
    }

    [Fact]
    public void Once_the_background_flush_is_done_Keel_holds_the_file_open_no_longer()
    {
        var path = Path.Combine(_dir, "a.txt");

        AtomicFile.WriteFlushLater(path, "content\n"u8);
        BackgroundFlush.WaitAll();

        OpenDescriptorsTo(path).ShouldBe(0);
        File.ReadAllText(path).ShouldBe("content\n");
    }

    private static int OpenDescriptorsTo(string path) => Directory.GetFiles("/proc/self/fd")
        .Select(static fd => new FileInfo(fd).LinkTarget)
        .Count(target => target is not null && target.StartsWith(path, StringComparison.Ordinal));
}
