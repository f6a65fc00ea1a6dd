namespace Keel.Core.Tools;

/// <summary>
/// A change to one file as before/after text (LF line ends). Before a call runs it is what the call asks for
/// (the fragments, or the new content); the tool's result carries the change it actually made.
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="OldText">The text replaced (empty for a new file).</param>
/// <param name="NewText">The text after the change.</param>
/// <param name="FirstLineNumber">The line of the file where <paramref name="OldText"/> starts.</param>
/// <param name="Created">True when the call created the file.</param>
public sealed record FilePatchDisplay(string Path, string OldText, string NewText, int FirstLineNumber, bool Created) : ToolDisplay;
