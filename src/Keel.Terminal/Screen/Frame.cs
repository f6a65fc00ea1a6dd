namespace Keel.Terminal.Screen;

/// <summary>
/// One redraw: lines that go to scrollback for good, then the live region, and where the cursor sits in it
/// (row within the live lines, column; null hides the cursor).
/// </summary>
public sealed record Frame(IReadOnlyList<string> Committed, IReadOnlyList<string> Live, (int Row, int Column)? Cursor);
