using System.Text;
using Keel.Terminal.Input;

namespace Keel.Tests.Terminal.Input;

public sealed class KeyDecoderTests
{
    private static IReadOnlyList<KeyEvent> Decode(string bytes) => new KeyDecoder().Feed(Encoding.UTF8.GetBytes(bytes));

    [Fact]
    public void Printable_text_and_utf8_become_characters()
    {
        Decode("aé€😀").Select(static k => k.Text).ShouldBe(["a", "é", "€", "😀"]);
    }

    [Fact]
    public void A_utf8_character_split_across_reads_is_joined()
    {
        var decoder = new KeyDecoder();
        var bytes = Encoding.UTF8.GetBytes("€");
        decoder.Feed(bytes.AsSpan(0, 1)).ShouldBeEmpty();
        decoder.Feed(bytes.AsSpan(1)).Single().ShouldBe(new KeyEvent(Key.Char, "€"));
    }

    [Theory]
    [InlineData("\e[A", Key.Up)]
    [InlineData("\e[B", Key.Down)]
    [InlineData("\eOC", Key.Right)]
    [InlineData("\eOD", Key.Left)]
    [InlineData("\e[H", Key.Home)]
    [InlineData("\e[4~", Key.End)]
    [InlineData("\e[3~", Key.Delete)]
    [InlineData("\e[Z", Key.ShiftTab)]
    [InlineData("\e[13;2u", Key.ShiftEnter)]
    [InlineData("\e[27;2;13~", Key.ShiftEnter)]
    [InlineData("\e\r", Key.ShiftEnter)]
    [InlineData("\e[1;5C", Key.WordRight)]
    [InlineData("\r", Key.Enter)]
    [InlineData("\t", Key.Tab)]
    [InlineData("\x7f", Key.Backspace)]
    [InlineData("\e", Key.Escape)]
    public void Sequences_decode_to_keys(string input, Key expected)
    {
        Decode(input).Single().Key.ShouldBe(expected);
    }

    [Fact]
    public void Control_and_alt_letters_are_named()
    {
        var keys = Decode("\x01\x03\x12\eb\ef");
        keys[0].IsCtrl('a').ShouldBeTrue();
        keys[1].IsCtrl('c').ShouldBeTrue();
        keys[2].IsCtrl('r').ShouldBeTrue();
        keys[3].IsAlt('b').ShouldBeTrue();
        keys[4].IsAlt('f').ShouldBeTrue();
    }

    [Fact]
    public void Bracketed_paste_is_one_event_even_across_reads_and_keeps_newlines()
    {
        var decoder = new KeyDecoder();
        decoder.Feed("\e[200~line one\r\nli"u8).ShouldBeEmpty();
        decoder.Feed("ne two\e[20"u8).ShouldBeEmpty();
        var keys = decoder.Feed("1~x"u8);
        keys.Count.ShouldBe(2);
        keys[0].ShouldBe(new KeyEvent(Key.Paste, "line one\nline two"));
        keys[1].ShouldBe(new KeyEvent(Key.Char, "x"));
    }

    [Fact]
    public void An_incomplete_csi_waits_for_the_rest()
    {
        var decoder = new KeyDecoder();
        decoder.Feed("\e[1;"u8).ShouldBeEmpty();
        decoder.Feed("5D"u8).Single().Key.ShouldBe(Key.WordLeft);
    }

    [Fact]
    public void Two_escapes_are_two_presses()
    {
        Decode("\e\e").Select(static k => k.Key).ShouldBe([Key.Escape, Key.Escape]);
    }
}
