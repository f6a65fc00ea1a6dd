using System.Text;
using Keel.Terminal.Input;
using Keel.Terminal.Input.KeyBindings;

namespace Keel.Tests.Terminal.Input.KeyBindings;

public sealed class KeyBindingResolverTests
{
    private static readonly KeyBindingSet Bindings = KeyBindingSet.Parse("/k.json", Encoding.UTF8.GetBytes("""
        {"bindings": [
          {"context": "Chat", "bindings": {
            "ctrl+g": "chat:submit",
            "enter": "chat:newline",
            "ctrl+u": null,
            "ctrl+x ctrl+e": "chat:submit",
            "ctrl+x ctrl+x ctrl+r": "history:search"
          }},
          {"context": "Global", "bindings": {"ctrl+g": "app:redraw", "alt+l": "app:redraw"}},
          {"context": "Confirmation", "bindings": {"j": "confirm:next", "k": "confirm:previous"}},
          {"context": "transcript", "bindings": {"j": "transcript:scrollDown", "g": "transcript:top", "shift+g": "transcript:bottom", "x": "transcript:exit"}}
        ]}
        """));

    private readonly KeyBindingResolver _resolver = new();

    private IReadOnlyList<KeyEvent> Press(string context, KeyEvent key) => _resolver.Resolve(Bindings, context, key);

    [Fact]
    public void A_bound_key_becomes_its_actions_default_key()
    {
        Press(KeyContexts.Chat, KeyEvent.Ctrl('g')).ShouldBe([new KeyEvent(Key.Enter)]);
        Press(KeyContexts.Chat, new KeyEvent(Key.Enter)).ShouldBe([new KeyEvent(Key.ShiftEnter)]);
        Press(KeyContexts.Confirmation, new KeyEvent(Key.Char, "j")).ShouldBe([new KeyEvent(Key.Down)]);
    }

    [Fact]
    public void The_contexts_own_binding_beats_a_global_one_and_globals_apply_everywhere()
    {
        Press(KeyContexts.Chat, KeyEvent.Ctrl('g')).ShouldBe([new KeyEvent(Key.Enter)]);
        Press(KeyContexts.Confirmation, KeyEvent.Ctrl('g')).ShouldBe([KeyEvent.Ctrl('l')]);
        Press(KeyContexts.Confirmation, new KeyEvent(Key.Alt, "l")).ShouldBe([KeyEvent.Ctrl('l')]);
    }

    [Fact]
    public void The_transcript_view_has_its_own_keys()
    {
        Press(KeyContexts.Transcript, new KeyEvent(Key.Char, "j")).ShouldBe([new KeyEvent(Key.Down)]);
        Press(KeyContexts.Transcript, new KeyEvent(Key.Char, "g")).ShouldBe([new KeyEvent(Key.Home)]);
        Press(KeyContexts.Transcript, new KeyEvent(Key.Char, "G")).ShouldBe([new KeyEvent(Key.End)]);
        Press(KeyContexts.Transcript, new KeyEvent(Key.Char, "x")).ShouldBe([new KeyEvent(Key.Escape)]);
        Press(KeyContexts.Transcript, KeyEvent.Ctrl('g')).ShouldBe([KeyEvent.Ctrl('l')]);
        Press(KeyContexts.Chat, new KeyEvent(Key.Char, "x")).ShouldBe([new KeyEvent(Key.Char, "x")]);
        Press(KeyContexts.Confirmation, new KeyEvent(Key.Char, "j")).ShouldBe([new KeyEvent(Key.Down)]);
    }

    [Fact]
    public void Bindings_of_another_context_do_not_apply()
    {
        Press(KeyContexts.Chat, new KeyEvent(Key.Char, "j")).ShouldBe([new KeyEvent(Key.Char, "j")]);
        Press(KeyContexts.Confirmation, new KeyEvent(Key.Enter)).ShouldBe([new KeyEvent(Key.Enter)]);
    }

    [Fact]
    public void A_key_bound_to_null_does_nothing_and_unbound_keys_pass()
    {
        Press(KeyContexts.Chat, KeyEvent.Ctrl('u')).ShouldBeEmpty();
        Press(KeyContexts.Chat, KeyEvent.Ctrl('a')).ShouldBe([KeyEvent.Ctrl('a')]);
        Press(KeyContexts.Chat, new KeyEvent(Key.Paste, "pasted")).ShouldBe([new KeyEvent(Key.Paste, "pasted")]);
    }

    [Fact]
    public void A_chord_waits_for_its_last_key_and_shows_what_is_pending()
    {
        Press(KeyContexts.Chat, KeyEvent.Ctrl('x')).ShouldBeEmpty();
        _resolver.Pending.ShouldBe("ctrl+x");
        _resolver.Hint.ShouldNotBeNull().ShouldStartWith("ctrl+x …");
        Press(KeyContexts.Chat, KeyEvent.Ctrl('e')).ShouldBe([new KeyEvent(Key.Enter)]);
        _resolver.Pending.ShouldBeEmpty();

        Press(KeyContexts.Chat, KeyEvent.Ctrl('x')).ShouldBeEmpty();
        Press(KeyContexts.Chat, KeyEvent.Ctrl('x')).ShouldBeEmpty();
        _resolver.Pending.ShouldBe("ctrl+x ctrl+x");
        Press(KeyContexts.Chat, KeyEvent.Ctrl('r')).ShouldBe([KeyEvent.Ctrl('r')]);
    }

    [Fact]
    public void A_chord_that_is_not_bound_is_dropped_with_a_hint_and_the_next_key_is_normal()
    {
        Press(KeyContexts.Chat, KeyEvent.Ctrl('x')).ShouldBeEmpty();
        Press(KeyContexts.Chat, new KeyEvent(Key.Char, "q")).ShouldBeEmpty();
        _resolver.Hint.ShouldBe("ctrl+x q is not bound");
        Press(KeyContexts.Chat, new KeyEvent(Key.Char, "q")).ShouldBe([new KeyEvent(Key.Char, "q")]);
        _resolver.Hint.ShouldBeNull();
    }

    [Fact]
    public void With_no_bindings_every_key_passes()
    {
        _resolver.Resolve(KeyBindingSet.Empty("/k.json"), KeyContexts.Chat, KeyEvent.Ctrl('x')).ShouldBe([KeyEvent.Ctrl('x')]);
    }
}
