namespace Keel.Core.Permissions.Shell;

public enum ShellSubstitutionKind
{
    Command,
    Backtick,
    ProcessInput,
    ProcessOutput,
    Parameter,
}

/// <summary>A substitution found in a word; the commands inside are in the analysis, marked as substitution-derived.</summary>
public sealed record ShellSubstitution(ShellSubstitutionKind Kind, string Text);
