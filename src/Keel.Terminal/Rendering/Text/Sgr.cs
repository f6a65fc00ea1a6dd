namespace Keel.Terminal.Rendering.Text;

/// <summary>The ANSI SGR sequences the renderers use; callers go through <see cref="Styler"/> so NO_COLOR turns them off.</summary>
public static class Sgr
{
    public const string Reset = "\e[0m";
    public const string Bold = "\e[1m";
    public const string Dim = "\e[2m";
    public const string Italic = "\e[3m";
    public const string Underline = "\e[4m";
    public const string Strike = "\e[9m";
    public const string Red = "\e[31m";
    public const string Green = "\e[32m";
    public const string Yellow = "\e[33m";
    public const string Blue = "\e[34m";
    public const string Magenta = "\e[35m";
    public const string Cyan = "\e[36m";
    public const string Gray = "\e[90m";
    public const string BrightRed = "\e[91m";
    public const string BrightYellow = "\e[93m";
}
