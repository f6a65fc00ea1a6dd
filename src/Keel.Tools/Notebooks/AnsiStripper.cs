using System.Text.RegularExpressions;

namespace Keel.Tools.Notebooks;

/// <summary>Tracebacks carry terminal colour codes the model does not need.</summary>
internal static partial class AnsiStripper
{
    public static string Strip(string text) => Escape().Replace(text, string.Empty);

    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex Escape();
}
