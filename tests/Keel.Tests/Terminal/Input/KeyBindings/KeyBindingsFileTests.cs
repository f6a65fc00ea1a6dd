using Keel.Terminal.Input.KeyBindings;

namespace Keel.Tests.Terminal.Input.KeyBindings;

public sealed class KeyBindingsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-keys-").FullName;

    private string FilePath => Path.Combine(_dir, "keybindings.json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_missing_file_means_default_keys()
    {
        using var file = new KeyBindingsFile(FilePath);
        file.Current.Bindings.ShouldBeEmpty();
        file.Problems.ShouldBeEmpty();
        file.Reload().ShouldBeNull();
        file.Describe().ShouldBe($"Key bindings: {FilePath} not present; the default keys apply");
    }

    [Fact]
    public void A_changed_file_reloads_once_and_an_unchanged_one_not_at_all()
    {
        File.WriteAllText(FilePath, """{"bindings": [{"context": "Chat", "bindings": {"ctrl+g": "chat:submit"}}]}""");
        using var file = new KeyBindingsFile(FilePath);
        file.Current.Bindings.ShouldHaveSingleItem().Action.ShouldBe("chat:submit");

        File.WriteAllText(FilePath, """{"bindings": [{"context": "Chat", "bindings": {"ctrl+g": null, "ctrl+x ctrl+e": "chat:submit"}}]}""");
        file.Reload().ShouldBe($"Key bindings reloaded from {FilePath} (2 bindings).");
        file.Current.Bindings.Select(static b => b.Chord).ShouldBe(["ctrl+g", "ctrl+x ctrl+e"]);
        file.Reload().ShouldBeNull();
    }

    [Fact]
    public void A_broken_save_keeps_the_bindings_in_force_and_says_where_it_broke()
    {
        File.WriteAllText(FilePath, """{"bindings": [{"context": "Chat", "bindings": {"ctrl+g": "chat:submit"}}]}""");
        using var file = new KeyBindingsFile(FilePath);
        File.WriteAllText(FilePath, "{\"bindings\": [\n  {\"context\": \"Chat\",, }\n]}");

        var message = file.Reload().ShouldNotBeNull();
        message.ShouldStartWith($"Key bindings: {FilePath} is not valid JSON; the previous bindings stay.");
        message.ShouldContain($"{FilePath}:2:");
        file.Current.Bindings.ShouldHaveSingleItem().Chord.ShouldBe("ctrl+g");
        file.Describe().ShouldContain("1 problem(s) or conflict(s)");
    }

    [Fact]
    public void Removing_the_file_brings_the_default_keys_back()
    {
        File.WriteAllText(FilePath, """{"bindings": [{"context": "Chat", "bindings": {"ctrl+g": "chat:submit"}}]}""");
        using var file = new KeyBindingsFile(FilePath);
        File.Delete(FilePath);
        file.Reload().ShouldBe($"Key bindings: {FilePath} was removed; the default keys apply.");
        file.Current.Bindings.ShouldBeEmpty();
    }

    [Fact]
    public void Doctor_lists_problems_and_conflicts_under_a_count()
    {
        File.WriteAllText(FilePath, """
            {"bindings": [{"context": "Chat", "bindings": {
              "ctrl+r": "chat:submit",
              "ctrl+q": "nope"
            }}]}
            """);
        using var file = new KeyBindingsFile(FilePath);
        file.Describe().Split('\n').ShouldBe(
        [
            $"Key bindings: 1 binding from {FilePath}; 2 problem(s) or conflict(s)",
            $"  {FilePath}:3:3: unknown action \"nope\"; /doctor lists the actions",
            $"  {FilePath}:2: ctrl+r in Chat now runs chat:submit instead of history:search",
            "  Global actions: app:interrupt, app:exit, app:redraw, app:toggleTranscript",
            "  Chat actions: " + string.Join(", ", KeyActions.All.Where(static a => a.Context == KeyContexts.Chat).Select(static a => a.Name)),
            "  Confirmation actions: confirm:accept, confirm:no, confirm:previous, confirm:next",
            "  Transcript actions: transcript:exit, transcript:scrollUp, transcript:scrollDown, transcript:pageUp, transcript:pageDown, transcript:top, transcript:bottom",
        ]);
    }
}
