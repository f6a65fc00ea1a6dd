using System.Text;
using Keel.Terminal.Input;
using Keel.Terminal.Input.KeyBindings;

namespace Keel.Tests.Terminal.Input.KeyBindings;

public sealed class KeyBindingSetTests
{
    private const string Path = "/home/u/.keel/keybindings.json";

    private static KeyBindingSet Parse(string json) => KeyBindingSet.Parse(Path, Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("ctrl+g", "ctrl+g")]
    [InlineData("Ctrl+G", "ctrl+g")]
    [InlineData("control+x ctrl+e", "ctrl+x ctrl+e")]
    [InlineData("meta+f", "alt+f")]
    [InlineData("option+b", "alt+b")]
    [InlineData("shift+tab", "shift+tab")]
    [InlineData("shift+enter", "shift+enter")]
    [InlineData("Enter", "enter")]
    [InlineData("return", "enter")]
    [InlineData("esc", "escape")]
    [InlineData("G", "shift+g")]
    [InlineData("shift+g", "shift+g")]
    [InlineData("x", "x")]
    [InlineData("/", "/")]
    [InlineData("+", "+")]
    [InlineData("space", "space")]
    [InlineData("ctrl+right", "ctrl+right")]
    [InlineData("alt+left", "ctrl+left")]
    public void Chords_are_read_into_canonical_key_names(string chord, string expected)
    {
        var keys = KeyChords.Parse(chord, out var error);
        error.ShouldBeNull();
        string.Join(' ', keys!).ShouldBe(expected);
    }

    [Theory]
    [InlineData("ctrl+shift+k", "not a key a terminal sends")]
    [InlineData("ctrl+m", "reaches Keel as enter")]
    [InlineData("ctrl+i", "reaches Keel as tab")]
    [InlineData("hyper+k", "'hyper' in \"hyper+k\" is not a modifier")]
    [InlineData("ctrl+banana", "\"banana\" in \"ctrl+banana\" is not a key name")]
    [InlineData("ctrl+1", "not a key a terminal sends")]
    [InlineData("   ", "an empty key")]
    public void Keys_a_terminal_cannot_send_are_refused_with_a_reason(string chord, string reason)
    {
        KeyChords.Parse(chord, out var error).ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(reason);
    }

    [Fact]
    public void Decoded_keys_get_the_names_the_file_uses()
    {
        KeyChords.Name(KeyEvent.Ctrl('k')).ShouldBe("ctrl+k");
        KeyChords.Name(new KeyEvent(Key.Alt, "f")).ShouldBe("alt+f");
        KeyChords.Name(new KeyEvent(Key.Char, "G")).ShouldBe("shift+g");
        KeyChords.Name(new KeyEvent(Key.ShiftTab)).ShouldBe("shift+tab");
        KeyChords.Name(new KeyEvent(Key.WordLeft)).ShouldBe("ctrl+left");
        KeyChords.Name(new KeyEvent(Key.Paste, "text")).ShouldBeNull();
        KeyChords.ToKey("shift+g").ShouldBe(new KeyEvent(Key.Char, "G"));
        KeyChords.ToKey("ctrl+r").ShouldBe(KeyEvent.Ctrl('r'));
    }

    [Fact]
    public void A_file_in_the_documented_shape_gives_bindings_with_their_lines()
    {
        var set = Parse("""
            {
              "$schema": "ignored",
              "bindings": [
                { "context": "Chat", "bindings": { "ctrl+g": "chat:submit", "ctrl+x ctrl+e": "chat:newline", "ctrl+u": null } },
                { "context": "dialog",
                  "bindings": { "j": "confirm:next" } }
              ]
            }
            """);
        set.Problems.ShouldBeEmpty();
        set.Bindings.Select(static b => (b.Context, b.Chord, b.Action, b.Line)).ShouldBe(
        [
            ("Chat", "ctrl+g", "chat:submit", 4),
            ("Chat", "ctrl+x ctrl+e", "chat:newline", 4),
            ("Chat", "ctrl+u", null, 4),
            ("Confirmation", "j", "confirm:next", 6),
        ]);
    }

    [Fact]
    public void Malformed_json_is_reported_as_path_line_column_and_marks_the_file_unreadable()
    {
        var set = Parse("{\n  \"bindings\": [\n    {\"context\": \"Chat\" \"bindings\": {}}\n  ]\n}");
        set.Unreadable.ShouldBeTrue();
        set.Bindings.ShouldBeEmpty();
        set.Problems.ShouldHaveSingleItem().ShouldStartWith(Path + ":3:");
        set.Problems[0].ShouldNotContain("Exception");
    }

    [Fact]
    public void Entries_that_cannot_be_used_are_reported_and_the_rest_load()
    {
        var set = Parse("""
            {"bindings": [
              {"context": "Chat", "bindings": {
                "ctrl+g": "chat:submit",
                "ctrl+q": "chat:fly",
                "ctrl+shift+x": "chat:submit",
                "ctrl+c": "chat:submit",
                "ctrl+o": "confirm:next",
                "ctrl+t": 3
              }},
              {"context": "Sidebar", "bindings": {"x": "chat:submit"}},
              {"bindings": {"y": "chat:submit"}},
              {"context": "Global", "bindings": {"ctrl+l": "app:redraw"}}
            ]}
            """);
        set.Bindings.Select(static b => b.Chord).ShouldBe(["ctrl+g", "ctrl+l"]);
        set.Problems.Count.ShouldBe(7);
        // Type errors are found while reading; the rest when the block is complete (its context known).
        set.Problems[0].ShouldBe($"{Path}:8:5: \"ctrl+t\" must map to an action name (\"chat:submit\") or null");
        set.Problems[1].ShouldBe($"{Path}:4:5: unknown action \"chat:fly\"; /doctor lists the actions");
        set.Problems[2].ShouldStartWith($"{Path}:5:5: \"ctrl+shift+x\" is not a key a terminal sends");
        set.Problems[3].ShouldBe($"{Path}:6:5: ctrl+c cannot be rebound (it always interrupts or exits)");
        set.Problems[4].ShouldBe($"{Path}:7:5: \"confirm:next\" belongs to the Confirmation context, not Chat");
        set.Problems[5].ShouldStartWith($"{Path}:10:4: unknown context \"Sidebar\"");
        set.Problems[6].ShouldStartWith($"{Path}:11:3: a block without \"context\"");
    }

    [Theory]
    [InlineData("[1, 2]", ":1:1: the file must hold a JSON object")]
    [InlineData("{\"bindings\": {}}", ":1:2: \"bindings\" must be an array")]
    [InlineData("{\"other\": 1}", ":1:1: no \"bindings\" array")]
    [InlineData("{\"bindings\": [3]}", ":1:15: each entry of \"bindings\" must be an object")]
    public void A_file_of_the_wrong_shape_says_what_shape_it_needs(string json, string problem) =>
        Parse(json).Problems.ShouldHaveSingleItem().ShouldStartWith(Path + problem);

    [Fact]
    public void An_empty_file_binds_nothing_and_reports_nothing()
    {
        var set = Parse("  \n");
        set.Bindings.ShouldBeEmpty();
        set.Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Conflicts_name_duplicates_dead_prefixes_hidden_globals_and_replaced_defaults()
    {
        var set = Parse("""
            {"bindings": [
              {"context": "Chat", "bindings": {
                "ctrl+g": "chat:submit",
                "ctrl+g": "chat:newline",
                "ctrl+x": "chat:lineEnd",
                "ctrl+x ctrl+s": "chat:submit",
                "ctrl+k ctrl+k": "chat:deleteToLineEnd",
                "ctrl+r": "chat:submit",
                "ctrl+n": "app:redraw"
              }},
              {"context": "Global", "bindings": {"ctrl+n": "app:exit"}}
            ]}
            """);
        set.Problems.ShouldBeEmpty();
        set.Conflicts().ShouldBe(
        [
            $"{Path}:4: ctrl+g is bound 2 times in Chat (lines 3, 4); the last one (chat:newline) wins",
            $"{Path}:5: ctrl+x (chat:lineEnd) never runs in Chat: it starts the chord ctrl+x ctrl+s (line 6)",
            $"{Path}:7: the chord ctrl+k ctrl+k takes ctrl+k away from chat:deleteToLineEnd in Chat",
            $"{Path}:8: ctrl+r in Chat now runs chat:submit instead of history:search",
            $"{Path}:9: ctrl+n in Chat (app:redraw) hides the Global binding on line 11 (app:exit) there",
        ]);
    }

    [Theory]
    [InlineData("chat:Submit", "chat:submit")]
    [InlineData("chat:search", "history:search")]
    [InlineData("chat:submt", "chat:submit")]
    [InlineData("confirm:acept", "confirm:accept")]
    public void A_misspelt_action_gets_a_suggestion(string written, string meant) =>
        Parse($$$"""{"bindings": [{"context": "Chat", "bindings": {"ctrl+g": "{{{written}}}"}}]}""").Problems.ShouldHaveSingleItem()
            .ShouldBe($"{Path}:1:48: unknown action \"{written}\"; did you mean {meant}? /doctor lists the actions");

    [Fact]
    public void A_key_bound_twice_is_reported_once_for_the_binding_that_wins()
    {
        var set = Parse("""
            {"bindings": [
              {"context": "Chat", "bindings": {"ctrl+r": "chat:submit"}},
              {"context": "Chat", "bindings": {"ctrl+r": "chat:newline"}}
            ]}
            """);
        set.Conflicts().ShouldBe(
        [
            $"{Path}:3: ctrl+r is bound 2 times in Chat (lines 2, 3); the last one (chat:newline) wins",
            $"{Path}:3: ctrl+r in Chat now runs chat:newline instead of history:search",
        ]);
    }

    [Fact]
    public void Rebinding_a_default_key_to_its_own_action_is_no_conflict()
    {
        Parse("""{"bindings": [{"context": "Chat", "bindings": {"enter": "chat:submit", "ctrl+g": "chat:submit"}}]}""").Conflicts().ShouldBeEmpty();
    }

    [Fact]
    public void A_global_binding_on_a_key_some_context_uses_is_reported_for_that_context()
    {
        Parse("""{"bindings": [{"context": "Global", "bindings": {"escape": "app:redraw"}}]}""").Conflicts().ShouldBe(
        [
            $"{Path}:1: escape in Chat now runs app:redraw instead of chat:cancel",
            $"{Path}:1: escape in Confirmation now runs app:redraw instead of confirm:no",
            $"{Path}:1: escape in Transcript now runs app:redraw instead of transcript:exit",
        ]);
    }
}
