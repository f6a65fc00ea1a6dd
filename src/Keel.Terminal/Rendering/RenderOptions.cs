namespace Keel.Terminal.Rendering;

/// <summary>How output may be styled: colour off for NO_COLOR or a dumb terminal.</summary>
public sealed record RenderOptions(bool Color, bool Unicode = true)
{
    public static RenderOptions FromEnvironment(Func<string, string?> getEnv) =>
        new(getEnv("NO_COLOR") is null && getEnv("TERM") is not "dumb", getEnv("LANG")?.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) != false);
}
