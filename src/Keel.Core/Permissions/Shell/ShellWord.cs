namespace Keel.Core.Permissions.Shell;

/// <summary>
/// One shell word as written (<see cref="Raw"/>) and as the shell will see it when that is known
/// statically: <see cref="Values"/> holds the words after quote removal, <c>$'..'</c> decoding and
/// brace expansion (one source word can become several).
/// </summary>
public sealed record ShellWord(string Raw, IReadOnlyList<string> Values, ShellWordFlags Flags, IReadOnlyList<ShellSubstitution> Substitutions)
{
    /// <summary>The first expanded value (the whole value unless braces expanded it).</summary>
    public string Value => Values.Count > 0 ? Values[0] : "";

    /// <summary>No parameter, command, process or arithmetic expansion: the value is exactly what runs.</summary>
    public bool IsStatic => (Flags & (ShellWordFlags.Parameter | ShellWordFlags.CommandSubstitution | ShellWordFlags.ProcessSubstitution | ShellWordFlags.Arithmetic)) == ShellWordFlags.None;

    /// <summary>Static and free of globs: the value names exactly one thing.</summary>
    public bool IsLiteral => IsStatic && (Flags & ShellWordFlags.Glob) == ShellWordFlags.None;

    /// <summary>The parsed bodies of the substitutions, for the analyzer's walk.</summary>
    internal IReadOnlyList<SubstitutionNode> Nodes { get; init; } = [];
}
