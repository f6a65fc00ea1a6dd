namespace Keel.Tools.Files;

/// <summary>
/// What <see cref="TextWindow"/> read: the numbered text, the plain lines, how many lines were shown, how many
/// lines were seen in all (the file's total only when <see cref="Stop"/> is end of file), and why it stopped.
/// </summary>
internal sealed record TextWindowResult(string Numbered, string Content, int Shown, int LinesSeen, TextWindowStop Stop);
