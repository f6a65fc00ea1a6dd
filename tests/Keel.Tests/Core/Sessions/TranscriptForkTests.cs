using Keel.Core.Sessions;

namespace Keel.Tests.Core.Sessions;

/// <summary>A fork's transcript starts as a copy of whole records: up to the chosen message, torn lines left behind, the original untouched.</summary>
public sealed class TranscriptForkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-fork-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Whole_records_are_copied_up_to_the_chosen_message_and_torn_ones_are_left_behind()
    {
        var from = Path.Combine(_dir, "original.jsonl");
        var original = "{\"type\":\"user\",\"uuid\":\"u1\",\"promptId\":\"u1\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}\n\n{\"type\":\"checkpoint\",\"promptId\":\"u1\"}\n{\"type\":\"assis\n{\"type\":\"assistant\",\"uuid\":\"a1\"}\n{\"type\":\"user\",\"uuid\":\"u2\"}\n{\"torn";
        File.WriteAllText(from, original);

        TranscriptFork.TryCopy(from, Path.Combine(_dir, "all.jsonl"), null).ShouldBeTrue();
        TranscriptFork.TryCopy(from, Path.Combine(_dir, "upto.jsonl"), "a1").ShouldBeTrue();

        File.ReadAllLines(Path.Combine(_dir, "all.jsonl")).ShouldBe(
            ["{\"type\":\"user\",\"uuid\":\"u1\",\"promptId\":\"u1\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}", "{\"type\":\"checkpoint\",\"promptId\":\"u1\"}", "{\"type\":\"assistant\",\"uuid\":\"a1\"}", "{\"type\":\"user\",\"uuid\":\"u2\"}"]);
        File.ReadAllText(Path.Combine(_dir, "upto.jsonl")).ShouldEndWith("{\"type\":\"assistant\",\"uuid\":\"a1\"}\n");
        File.ReadAllText(from).ShouldBe(original);
        var loaded = TranscriptReader.Load(Path.Combine(_dir, "all.jsonl"));
        loaded.PromptIds.ShouldBe(["u1"]);
    }

    [Fact]
    public void A_missing_original_or_a_taken_target_is_false_and_leaves_no_file()
    {
        TranscriptFork.TryCopy(Path.Combine(_dir, "missing.jsonl"), Path.Combine(_dir, "new.jsonl"), null).ShouldBeFalse();
        File.WriteAllText(Path.Combine(_dir, "a.jsonl"), "{}\n");
        File.WriteAllText(Path.Combine(_dir, "taken.jsonl"), "mine\n");

        TranscriptFork.TryCopy(Path.Combine(_dir, "a.jsonl"), Path.Combine(_dir, "taken.jsonl"), null).ShouldBeFalse();

        File.ReadAllText(Path.Combine(_dir, "taken.jsonl")).ShouldBe("mine\n");
        Directory.GetFiles(_dir).Select(Path.GetFileName).Order().ShouldBe(["a.jsonl", "taken.jsonl"]);
    }
}
