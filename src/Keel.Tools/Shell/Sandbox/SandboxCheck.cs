namespace Keel.Tools.Shell.Sandbox;

/// <summary>Whether the Bash sandbox can run here (<c>keel doctor</c>): the same probe the sandbox runs before its first command.</summary>
public static class SandboxCheck
{
    /// <summary>The bwrap that works, or why none does.</summary>
    public static (string? Bwrap, string? Problem) Run(string workingDirectory)
    {
        var (bwrap, _, error) = BwrapProbe.Run(SandboxOptions.For([workingDirectory], allowNetwork: false), "/bin/sh");
        return (error is null ? bwrap : null, error);
    }
}
