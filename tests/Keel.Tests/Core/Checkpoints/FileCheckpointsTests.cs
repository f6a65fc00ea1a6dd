using Keel.Core.Checkpoints;

namespace Keel.Tests.Core.Checkpoints;

public sealed class FileCheckpointsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-checkpoints-").FullName;
    private readonly List<FileCheckpointRecord> _records = [];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Store => Path.Combine(_dir, ".session", "checkpoints");

    private string File(string name) => Path.Combine(_dir, name);

    private FileCheckpoints Create() => new(Store, _records.Add);

    /// <summary>What a file-writing tool call does: checkpoint, write, note what it left.</summary>
    private static void KeelWrites(FileCheckpoints checkpoints, string path, string content)
    {
        checkpoints.BeforeWrite(path);
        System.IO.File.WriteAllText(path, content);
        checkpoints.AfterWrite(path);
    }

    [Fact]
    public void Rewinding_to_the_first_prompt_puts_both_files_back_and_deletes_the_one_created_since()
    {
        System.IO.File.WriteAllText(File("a.txt"), "one\ntwo\n");
        var checkpoints = Create();
        checkpoints.BeginPrompt("p1");
        KeelWrites(checkpoints, File("a.txt"), "one\nTWO\n");
        checkpoints.BeginPrompt("p2");
        KeelWrites(checkpoints, File("a.txt"), "one\nTWO\nthree\n");
        KeelWrites(checkpoints, File("b.txt"), "new\n");

        var preview = checkpoints.Preview("p1")!;
        preview.Select(f => (Path.GetFileName(f.Path), f.Status, f.Insertions, f.Deletions)).ShouldBe(
            [("a.txt", FileRewindStatus.Restored, 1, 2), ("b.txt", FileRewindStatus.Deleted, 0, 1)]);
        System.IO.File.ReadAllText(File("a.txt")).ShouldBe("one\nTWO\nthree\n");

        var done = checkpoints.Rewind("p1", dryRun: false, overwriteChanged: false)!;

        done.Count.ShouldBe(2);
        System.IO.File.ReadAllText(File("a.txt")).ShouldBe("one\ntwo\n");
        System.IO.File.Exists(File("b.txt")).ShouldBeFalse();
        checkpoints.Preview("p1")!.ShouldBeEmpty();
    }

    [Fact]
    public void Rewinding_to_the_second_prompt_keeps_what_the_first_one_did()
    {
        var checkpoints = Create();
        checkpoints.BeginPrompt("p1");
        KeelWrites(checkpoints, File("a.txt"), "first\n");
        checkpoints.BeginPrompt("p2");
        KeelWrites(checkpoints, File("a.txt"), "second\n");

        checkpoints.Rewind("p2", dryRun: false, overwriteChanged: false);

        System.IO.File.ReadAllText(File("a.txt")).ShouldBe("first\n");
    }

    [Fact]
    public void A_file_changed_outside_Keel_is_left_alone_unless_overwriting_is_confirmed()
    {
        System.IO.File.WriteAllText(File("a.txt"), "original\n");
        var checkpoints = Create();
        checkpoints.BeginPrompt("p1");
        KeelWrites(checkpoints, File("a.txt"), "by keel\n");
        System.IO.File.WriteAllText(File("a.txt"), "by the user\n");

        var refused = checkpoints.Rewind("p1", dryRun: false, overwriteChanged: false)!;

        refused.Single().Status.ShouldBe(FileRewindStatus.ChangedOutsideKeel);
        System.IO.File.ReadAllText(File("a.txt")).ShouldBe("by the user\n");

        var confirmed = checkpoints.Rewind("p1", dryRun: false, overwriteChanged: true)!;

        confirmed.Single().Status.ShouldBe(FileRewindStatus.Restored);
        confirmed.Single().ChangedOutsideKeel.ShouldBeTrue();
        System.IO.File.ReadAllText(File("a.txt")).ShouldBe("original\n");
    }

    [Fact]
    public void The_records_rebuild_the_checkpoints_in_a_later_process()
    {
        System.IO.File.WriteAllText(File("a.txt"), "original\n");
        var first = Create();
        first.BeginPrompt("p1");
        KeelWrites(first, File("a.txt"), "changed\n");
        first.BeginPrompt("p2");

        var later = new FileCheckpoints(Store);
        later.Load(["p1", "p2"], _records);

        later.Knows("p1").ShouldBeTrue();
        later.Preview("p2")!.ShouldBeEmpty();
        later.Rewind("p1", dryRun: false, overwriteChanged: false)!.Single().Status.ShouldBe(FileRewindStatus.Restored);
        System.IO.File.ReadAllText(File("a.txt")).ShouldBe("original\n");
    }

    [Fact]
    public void A_session_recorded_with_SHA_256_names_rewinds_and_still_tells_an_outside_change()
    {
        // What sessions recorded before the switch to XXH128 hold: content named by its SHA-256.
        static string Sha(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        Directory.CreateDirectory(Store);
        System.IO.File.WriteAllText(Path.Combine(Store, Sha("original\n")), "original\n");
        System.IO.File.WriteAllText(File("a.txt"), "changed\n");
        List<FileCheckpointRecord> old =
        [
            new("p1", File("a.txt"), Backup: true, Sha("original\n")),
            new("p1", File("a.txt"), Backup: false, Sha("changed\n")),
        ];

        var resumed = new FileCheckpoints(Store);
        resumed.Load(["p1"], old);
        resumed.Preview("p1")!.Single().ChangedOutsideKeel.ShouldBeFalse();
        System.IO.File.WriteAllText(File("a.txt"), "edited by hand\n");
        resumed.Preview("p1")!.Single().Status.ShouldBe(FileRewindStatus.ChangedOutsideKeel);

        resumed.Rewind("p1", dryRun: false, overwriteChanged: true)!.Single().Status.ShouldBe(FileRewindStatus.Restored);
        System.IO.File.ReadAllText(File("a.txt")).ShouldBe("original\n");
        resumed.Preview("p1")!.ShouldBeEmpty();
    }

    [Fact]
    public void Content_is_stored_once_under_its_hash_and_an_unknown_prompt_is_null()
    {
        System.IO.File.WriteAllText(File("a.txt"), "same\n");
        System.IO.File.WriteAllText(File("b.txt"), "same\n");
        var checkpoints = Create();
        checkpoints.BeginPrompt("p1");
        checkpoints.BeforeWrite(File("a.txt"));
        checkpoints.BeforeWrite(File("b.txt"));
        checkpoints.BeforeWrite(File("a.txt"));

        Directory.GetFiles(Store).Length.ShouldBe(1);
        _records.Count(r => r.Backup).ShouldBe(2);
        checkpoints.Preview("nope").ShouldBeNull();
    }

    [Fact]
    public void An_interrupted_write_is_noted_so_the_rewind_restores_without_asking()
    {
        System.IO.File.WriteAllText(File("a.txt"), "whole\n");
        var checkpoints = Create();
        checkpoints.BeginPrompt("p1");
        checkpoints.BeforeWrite(File("a.txt"));
        System.IO.File.WriteAllText(File("a.txt"), "half");
        checkpoints.AfterWrite(File("a.txt"));

        checkpoints.Rewind("p1", dryRun: false, overwriteChanged: false)!.Single().Status.ShouldBe(FileRewindStatus.Restored);
        System.IO.File.ReadAllText(File("a.txt")).ShouldBe("whole\n");
    }

    [Fact]
    public void A_copy_whose_content_no_longer_matches_its_name_is_not_restored_but_reported_missing()
    {
        // What a machine crash before the background flush could leave: the copy's name on disk, its content not.
        System.IO.File.WriteAllText(File("a.txt"), "before\n");
        var checkpoints = Create();
        checkpoints.BeginPrompt("p1");
        KeelWrites(checkpoints, File("a.txt"), "after\n");
        var copy = Path.Combine(Store, _records.First(r => r.Backup).Hash!);
        System.IO.File.ReadAllText(copy).ShouldBe("before\n");
        System.IO.File.WriteAllText(copy, string.Empty);

        var result = checkpoints.Rewind("p1", dryRun: false, overwriteChanged: false)!.Single();

        result.Status.ShouldBe(FileRewindStatus.Failed);
        result.Error.ShouldBe("the checkpoint's copy of the file is missing");
        System.IO.File.ReadAllText(File("a.txt")).ShouldBe("after\n");
    }

    [Theory]
    [InlineData("a\nb\nc\n", "a\nB\nc\n", 1, 1)]
    [InlineData("", "x\ny\n", 2, 0)]
    [InlineData("x\ny\n", "", 0, 2)]
    [InlineData("a\nb\n", "a\nb\n", 0, 0)]
    [InlineData("a\nb\nc\nd\n", "a\nd\n", 0, 2)]
    public void Line_changes_count_like_a_diffstat(string before, string after, int insertions, int deletions) =>
        LineChanges.Count(before, after).ShouldBe((insertions, deletions));

    [Fact]
    public void A_fork_adopts_the_content_its_records_name_and_rewinds_without_the_original_folder()
    {
        System.IO.File.WriteAllText(File("a.txt"), "before\n");
        var original = Create();
        original.BeginPrompt("p1");
        KeelWrites(original, File("a.txt"), "after\n");
        var forkStore = Path.Combine(_dir, ".fork", "checkpoints");
        var fork = new FileCheckpoints(forkStore, readDirectories: [Store]);
        fork.Load(["p1"], _records);
        var forged = new FileCheckpointRecord("p1", File("x.txt"), Backup: true, "../../a.txt");

        fork.Adopt([.. _records, forged]).ShouldBe(2);
        Directory.Delete(Store, recursive: true);
        var later = new FileCheckpoints(forkStore);
        later.Load(["p1"], _records);

        later.Rewind("p1", dryRun: false, overwriteChanged: false)!.Single().Status.ShouldBe(FileRewindStatus.Restored);
        System.IO.File.ReadAllText(File("a.txt")).ShouldBe("before\n");
        Directory.GetFiles(forkStore).Length.ShouldBe(2);
        fork.Adopt(_records).ShouldBe(0);
    }
}
