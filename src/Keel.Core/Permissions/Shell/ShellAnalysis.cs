namespace Keel.Core.Permissions.Shell;

/// <summary>
/// Everything that can run in a command string. When <see cref="ParseError"/> is set the command
/// could not be parsed completely; <see cref="Commands"/> then holds what was found before the error.
/// </summary>
public sealed record ShellAnalysis(IReadOnlyList<ShellCommand> Commands, IReadOnlyList<ShellSubstitution> Substitutions, string? ParseError)
{
    public bool HasSubstitution => Substitutions.Any(s => s.Kind != ShellSubstitutionKind.Parameter);
}
