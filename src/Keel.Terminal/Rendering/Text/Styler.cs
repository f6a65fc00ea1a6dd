namespace Keel.Terminal.Rendering.Text;

/// <summary>Wraps text in SGR codes when colour is on and returns it untouched when it is off.</summary>
public sealed class Styler
{
    public Styler(RenderOptions options)
    {
        Options = options;
    }

    public RenderOptions Options { get; }

    public bool Color => Options.Color;

    public bool Unicode => Options.Unicode;

    public string Apply(string text, string sgr) =>
        !Options.Color || text.Length == 0 ? text : sgr + text + Sgr.Reset;

    public string Apply(string text, string sgr1, string sgr2) =>
        !Options.Color || text.Length == 0 ? text : sgr1 + sgr2 + text + Sgr.Reset;

    public string Bold(string text) => Apply(text, Sgr.Bold);

    public string Dim(string text) => Apply(text, Sgr.Dim);

    public string Red(string text) => Apply(text, Sgr.Red);

    public string Green(string text) => Apply(text, Sgr.Green);

    public string Yellow(string text) => Apply(text, Sgr.Yellow);

    public string Cyan(string text) => Apply(text, Sgr.Cyan);

    /// <summary>Picks the Unicode glyph or its ASCII stand-in.</summary>
    public string Glyph(string unicode, string ascii) => Options.Unicode ? unicode : ascii;
}
