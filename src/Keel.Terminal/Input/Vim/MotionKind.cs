namespace Keel.Terminal.Input.Vim;

/// <summary>How an operator treats the text a motion moved over.</summary>
internal enum MotionKind
{
    /// <summary>Up to, not including, the target.</summary>
    Exclusive,

    /// <summary>Up to and including the target.</summary>
    Inclusive,

    /// <summary>Whole lines from the cursor's to the target's.</summary>
    Linewise,
}
