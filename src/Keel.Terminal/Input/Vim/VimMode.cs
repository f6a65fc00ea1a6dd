namespace Keel.Terminal.Input.Vim;

/// <summary>The modes of the vim input editor.</summary>
public enum VimMode
{
    Insert,
    Normal,
    Visual,
    VisualLine,
}
