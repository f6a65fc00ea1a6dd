namespace Keel.Core.Permissions.Shell;

/// <summary>Turns an argument into a path expression the decision can resolve.</summary>
public static class ShellPathText
{
    /// <summary>
    /// The path an argument names: <c>~</c>/<c>~/x</c> when it starts with an unquoted tilde or <c>$HOME</c>,
    /// <c>./~x</c> for a quoted tilde, the value otherwise. Null when it cannot be known
    /// (not static, <c>~user</c>).
    /// </summary>
    public static string? Resolve(string value, bool isStatic, ShellWord source)
    {
        if (!isStatic)
        {
            return null;
        }

        if (!value.StartsWith('~'))
        {
            return value;
        }

        var homeForm = (source.Flags & (ShellWordFlags.Tilde | ShellWordFlags.HomeParameter)) != ShellWordFlags.None;
        if (!homeForm)
        {
            return "./" + value;
        }

        return value == "~" || value.StartsWith("~/", StringComparison.Ordinal) ? value : null;
    }
}
