using Keel.Terminal.Input;
using Keel.Terminal.Input.KeyBindings;

namespace Keel.Terminal.Repl;

public sealed partial class ReplSession
{
    private static readonly TimeSpan KeyBindingsSettle = TimeSpan.FromMilliseconds(150);

    private readonly KeyBindingResolver _keyResolver = new();
    private ITimer? _keyBindingsReload;

    /// <summary>A key press after the user's bindings: the key itself, its action's default key, nothing (unbound, or a chord under way).</summary>
    private IEnumerable<KeyEvent> BoundKeys(KeyEvent key) =>
        _services.KeyBindings is { } file
            ? _keyResolver.Resolve(file.Current, KeyContext(), key)
            : [key];

    /// <summary>Where keys go now, in the order the key handling asks: a dialog first, then the transcript view, then the input.</summary>
    private string KeyContext() =>
        ActiveDialog() is not null ? KeyContexts.Confirmation
        : _transcriptScroll is not null ? KeyContexts.Transcript
        : KeyContexts.Chat;

    /// <summary>Reloads the bindings once a save has settled (editors write in several steps), on the loop.</summary>
    private void WatchKeyBindings()
    {
        if (_services.KeyBindings is not { } file)
        {
            return;
        }

        _keyBindingsReload = _time.CreateTimer(_ => Post(ReloadKeyBindings), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        file.Watch(() => _keyBindingsReload.Change(KeyBindingsSettle, Timeout.InfiniteTimeSpan));
    }

    private void ReloadKeyBindings()
    {
        if (_services.KeyBindings?.Reload() is { } message)
        {
            _keyResolver.Cancel();
            AddNotice("  " + message.Replace("\n", "\n  ", StringComparison.Ordinal) + "\n");
        }
    }

    /// <summary>A chord under way (or one that is not bound) at the start of the status bar.</summary>
    private string KeyStatus() => _keyResolver.Hint is { } hint ? hint + "  " : string.Empty;
}
