namespace Keel.Core.Compaction;

/// <summary>What started a compaction.</summary>
public enum CompactTrigger
{
    /// <summary>The context passed the autocompact threshold.</summary>
    Auto,

    /// <summary>The user asked (<c>/compact</c>).</summary>
    Manual,

    /// <summary>The API answered "prompt is too long"; reported as <c>auto</c> on the wire.</summary>
    Reactive,
}
