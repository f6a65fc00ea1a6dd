namespace Keel.Core.Permissions.Shell;

public static partial class BashPermission
{
    private const ShellCommandFlags NotProvablyReadOnly =
        ShellCommandFlags.Background | ShellCommandFlags.NonStaticCommandWord | ShellCommandFlags.Elevated | ShellCommandFlags.UnknownArguments |
        ShellCommandFlags.UnanalysableScript | ShellCommandFlags.SourcesFile | ShellCommandFlags.ExecRedirections | ShellCommandFlags.DefinesAlias |
        ShellCommandFlags.FunctionCall | ShellCommandFlags.UnknownWrapperOption | ShellCommandFlags.VariableDescriptor |
        ShellCommandFlags.DownloadToShell | ShellCommandFlags.RecursiveFunction | ShellCommandFlags.TooDeep | ShellCommandFlags.AssignmentOnly |
        ShellCommandFlags.ExpansionTooLarge | ShellCommandFlags.FromEval | ShellCommandFlags.FromTrap;

    /// <summary>
    /// True only when the analyzer proves the whole script reads and nothing else, so it may run at the same time as other
    /// read-only calls: it parses, has no command or process substitution, and every simple command is in the read-only set,
    /// writes no file (output redirects only to /dev/null or to another descriptor), sets no variable and leaves the shell
    /// where it was (no cd). Git is left out unless <paramref name="allowGit"/>: even its read commands may take the index
    /// lock, which matters for running in parallel but not for whether the command changes anything (a read-only agent).
    /// </summary>
    public static bool IsProvablyReadOnly(string command, bool allowGit = false)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return false;
        }

        var analysis = ShellAnalyzer.Analyze(command);
        if (analysis.ParseError is not null || analysis.HasSubstitution || analysis.Commands.Count == 0)
        {
            return false;
        }

        foreach (var c in analysis.Commands)
        {
            if (c.Has(NotProvablyReadOnly) || c.Arguments.Count == 0 || c.Assignments.Count > 0 || c.Name is "cd" || (c.Name is "git" && !allowGit))
            {
                return false;
            }

            if (c.Redirects.Any(static r => r.IsOutput && !r.IsDescriptorDuplicate && !(r.Target.IsLiteral && r.Target.Value == "/dev/null")))
            {
                return false;
            }

            if (!c.Wrappers.All(ShellWrappers.Transparent.Contains) || !ReadOnlyCommands.Contains(c))
            {
                return false;
            }
        }

        return true;
    }
}
