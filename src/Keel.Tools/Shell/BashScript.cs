namespace Keel.Tools.Shell;

/// <summary>
/// Wraps the model's command so the shell reports its final working directory without changing the
/// command's meaning or exit status.
/// </summary>
internal static class BashScript
{
    /// <summary>
    /// An EXIT trap (runs after the last command and after <c>exit N</c>, and keeps the status) writes
    /// <c>pwd -P</c> to <paramref name="cwdFile"/>. The prologue shares the command's first line so bash's
    /// error messages keep the model's line numbers; a syntax error on that line means nothing ran at all,
    /// trap included, which is what we want. The command ends with a newline so a trailing comment or an
    /// unterminated heredoc cannot swallow anything.
    /// </summary>
    public static string Wrap(string command, string cwdFile) =>
        "exec </dev/null; __keel_exit() { __keel_status=$?; builtin pwd -P >| " + Quote(cwdFile)
        + " 2>/dev/null; exit \"$__keel_status\"; }; trap __keel_exit EXIT; " + command + "\n";

    /// <summary>Variables every command gets on top of Keel's own environment.</summary>
    public static IReadOnlyDictionary<string, string?> Environment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["KEEL"] = "1",
            // Nothing can answer a prompt or drive a pager or editor: fail fast instead of hanging.
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_EDITOR"] = "true",
            ["PAGER"] = "cat",
            ["GIT_PAGER"] = "cat",
        };
        if (string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("TERM")))
        {
            variables["TERM"] = "dumb";
        }

        return variables;
    }

    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
