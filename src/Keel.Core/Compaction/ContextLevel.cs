namespace Keel.Core.Compaction;

/// <summary>How full the context window is, for the UI and for the ladder.</summary>
public enum ContextLevel
{
    Normal,
    Warning,
    AutoCompact,
    Blocking,
}
