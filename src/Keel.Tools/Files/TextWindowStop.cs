namespace Keel.Tools.Files;

/// <summary>Why <see cref="TextWindow"/> stopped reading.</summary>
internal enum TextWindowStop
{
    /// <summary>It read to the end: the line count is the file's.</summary>
    EndOfFile,

    /// <summary>The window was shown and counting the rest stopped at the count cap: more lines may follow.</summary>
    Counted,

    /// <summary>The scan cap was reached before or inside the window.</summary>
    ScanCap,

    /// <summary>The output reached its cap before the window's end.</summary>
    OutputCap,
}
