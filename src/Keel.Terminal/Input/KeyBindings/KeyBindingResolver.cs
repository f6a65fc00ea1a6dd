namespace Keel.Terminal.Input.KeyBindings;

/// <summary>
/// Turns key presses into the keys the terminal acts on, given the user's bindings: a bound key becomes its
/// action's default key, a key bound to null disappears, the first keys of a chord wait for the rest, and
/// everything else passes unchanged. A binding for the current context beats a Global one.
/// </summary>
public sealed class KeyBindingResolver
{
    private readonly List<string> _pending = [];

    /// <summary>The keys of a chord typed so far ("ctrl+k"), empty when none.</summary>
    public string Pending => string.Join(' ', _pending);

    /// <summary>What the last key did when it was swallowed: the start of a chord, or a chord that is not bound.</summary>
    public string? Hint { get; private set; }

    public IReadOnlyList<KeyEvent> Resolve(KeyBindingSet bindings, string context, KeyEvent key)
    {
        Hint = null;
        if (bindings.Bindings.Count == 0 || KeyChords.Name(key) is not { } name)
        {
            _pending.Clear();
            return [key];
        }

        var typed = new List<string>(_pending) { name };
        var usable = bindings.Bindings.Where(b => KeyBindingSet.Applies(b.Context, context)).ToList();
        if (usable.Any(b => b.Keys.Count > typed.Count && b.Keys.Take(typed.Count).SequenceEqual(typed)))
        {
            _pending.Add(name);
            Hint = Pending + " … (waiting for the next key of the chord)";
            return [];
        }

        _pending.Clear();

        // The last binding for a chord wins, and the context's own binding beats a Global one.
        var exact = usable.LastOrDefault(b => b.Context == context && b.Keys.SequenceEqual(typed))
            ?? usable.LastOrDefault(b => b.Keys.SequenceEqual(typed));
        if (exact is not null)
        {
            return exact.Action is { } action && KeyActions.Find(action) is { } known ? [KeyChords.ToKey(known.DefaultKey)] : [];
        }

        if (typed.Count > 1)
        {
            Hint = $"{string.Join(' ', typed)} is not bound";
            return [];
        }

        return [key];
    }

    public void Cancel() => _pending.Clear();
}
