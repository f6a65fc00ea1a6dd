namespace Keel.Terminal.Dialogs;

/// <summary>
/// Keeps keys meant for the input box from answering a dialog that popped up under them: when the user was typing
/// just before a dialog appeared, its keys are ignored for a moment after it is shown.
/// </summary>
public sealed class DialogInputGuard(TimeProvider time)
{
    /// <summary>A key this close before a dialog appears counts as typing.</summary>
    public static readonly TimeSpan TypingWindow = TimeSpan.FromSeconds(1);

    /// <summary>How long such a dialog ignores keys once shown.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(600);

    private long _lastKey;
    private object? _requested;
    private object? _dialog;
    private long _shown;
    private bool _guarded;

    /// <summary>A key went to the input box.</summary>
    public void Typed() => _lastKey = time.GetTimestamp();

    /// <summary>The user asked for this dialog (a picker a command opens): it takes keys from the start.</summary>
    public void Requested(object dialog) => _requested = dialog;

    /// <summary>The dialog is on screen (called every frame; only the first call for a dialog counts).</summary>
    public void Shown(object dialog)
    {
        if (ReferenceEquals(dialog, _dialog))
        {
            return;
        }

        _dialog = dialog;
        _shown = time.GetTimestamp();
        _guarded = !ReferenceEquals(dialog, _requested) && _lastKey != 0 && time.GetElapsedTime(_lastKey, _shown) < TypingWindow;
    }

    /// <summary>Whether a key now may act on <paramref name="dialog"/>.</summary>
    public bool Accepts(object dialog)
    {
        Shown(dialog);
        return !_guarded || time.GetElapsedTime(_shown) >= Settle;
    }
}
