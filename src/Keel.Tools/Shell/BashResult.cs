using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Keel.Core.Tools;
using Keel.Tools.Shell.Execution;

namespace Keel.Tools.Shell;

/// <summary>
/// Renders a finished command for the model: stdout, stderr, then how it ended. Output is kept raw
/// (ANSI escapes included): stripping could corrupt what a command legitimately prints, and colour is
/// rare anyway since output goes to a pipe and TERM is dumb unless the user set it.
/// </summary>
internal static class BashResult
{
    /// <summary>Splits the inline budget between the streams so their sum stays within it.</summary>
    public static (int Stdout, int Stderr) SplitBudget(int limit, long stdoutChars, long stderrChars)
    {
        var stderr = (int)Math.Min(stderrChars, Math.Max(limit / 3, limit - stdoutChars));
        return (limit - stderr, stderr);
    }

    public static ToolResult Create(CapturedText stdout, CapturedText stderr, ShellExit exit, int timeoutMs, string? note)
    {
        var text = new StringBuilder();
        Append(text, stdout.Text.TrimEnd('\n'));
        Append(text, stderr.Text.TrimEnd('\n'));
        if (exit.TimedOut)
        {
            Append(text, $"Command timed out after {(timeoutMs / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)} s");
        }
        else if (exit.Interrupted)
        {
            Append(text, "Command was interrupted");
        }
        else if (exit.ExitCode != 0)
        {
            Append(text, $"Exit code {exit.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}");
        }

        if (note is not null)
        {
            Append(text, note);
        }

        var details = new JsonObject
        {
            ["stdout"] = stdout.Text,
            ["stderr"] = stderr.Text,
            ["interrupted"] = exit.Interrupted,
            ["isImage"] = false,
            ["noOutputExpected"] = false,
            ["exitCode"] = exit.ExitCode,
        };
        var outputFile = stdout.SpillPath ?? stderr.SpillPath;
        if (outputFile is not null)
        {
            details["outputFile"] = outputFile;
        }

        var body = text.Length == 0 ? "(no output)" : text.ToString();
        var failed = exit.TimedOut || exit.Interrupted || exit.ExitCode != 0;
        return failed ? ToolResult.Error(body, details) : ToolResult.Success(body, details);
    }

    private static void Append(StringBuilder text, string part)
    {
        if (part.Length == 0)
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append('\n');
        }

        text.Append(part);
    }
}
