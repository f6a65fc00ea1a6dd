namespace Keel.Core.Commands;

/// <summary>How <c>$N</c> counts arguments in a command or skill body.</summary>
public enum ArgumentNumbering
{
    /// <summary>
    /// Files under <c>commands/</c>: <c>$1</c> is the first argument (the 2025 slash-command form),
    /// unless the body uses <c>$0</c>, which marks it as written for the 0-based form.
    /// </summary>
    CommandFile,

    /// <summary><c>SKILL.md</c>: <c>$0</c> is the first argument (the current skills form).</summary>
    ZeroBased,
}
