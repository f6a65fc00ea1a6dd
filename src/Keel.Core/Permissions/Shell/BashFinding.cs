namespace Keel.Core.Permissions.Shell;

internal enum BashFindingKind
{
    /// <summary>Something the floor asks about (step 4).</summary>
    Ask,

    /// <summary>A dangerous pattern D.</summary>
    Dangerous,

    /// <summary>A write to a protected path (asks even in bypassPermissions).</summary>
    ProtectedWrite,

    /// <summary>A write outside the working directories.</summary>
    OutsideWrite,

    /// <summary>A write inside the project: fine only for a command an explicit allow rule matches.</summary>
    ProjectWrite,
}

/// <summary>One reason a command cannot simply be allowed.</summary>
internal sealed record BashFinding(BashFindingKind Kind, string Reason, ShellCommand? Command, string? Rule = null, string? Source = null)
{
    public bool IsWrite => Kind is BashFindingKind.ProtectedWrite or BashFindingKind.OutsideWrite or BashFindingKind.ProjectWrite;
}
