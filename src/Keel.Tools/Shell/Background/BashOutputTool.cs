using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Keel.Core.Tasks;
using Keel.Core.Tools;

namespace Keel.Tools.Shell.Background;

/// <summary>Returns what a background shell printed since the last read, with its status.</summary>
internal sealed class BashOutputTool : Tool<BashOutputInput>
{
    private readonly int _maxBytes;

    public BashOutputTool(int maxBytes)
        : base(static () => ShellJsonContext.Default.BashOutputInput)
    {
        _maxBytes = maxBytes;
    }

    public override string Name => "BashOutput";

    // It reads what a background shell printed and changes nothing.
    public override ToolKind Kind => ToolKind.Read;

    protected override ToolFacets Describe(BashOutputInput input, ToolSession session) => base.Describe(input, session) with { Summary = input.BashId };

    public override int MaxResultChars => int.MaxValue;

    protected override string Description => EmbeddedText.Load("BashOutput.md");

    protected override bool IsReadOnly(BashOutputInput input) => true;

    protected override string? Validate(BashOutputInput input, ToolSession session)
    {
        if (input.Filter is not { Length: > 0 } filter)
        {
            return null;
        }

        try
        {
            _ = new Regex(filter, RegexOptions.None, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"<tool_use_error>InputValidationError: filter is not a valid regular expression: {ex.Message}</tool_use_error>";
        }
    }

    protected override ValueTask<ToolResult> ExecuteAsync(BashOutputInput input, ToolContext context, CancellationToken cancellationToken)
    {
        if (context.Session.Background.Find(input.BashId) is not BackgroundShell shell)
        {
            return ValueTask.FromResult(ToolResult.Error($"No background shell with id {input.BashId}. {Known(context.Session.Background)}"));
        }

        var (text, more) = shell.ReadNew(_maxBytes);
        if (input.Filter is { Length: > 0 } filter)
        {
            var regex = new Regex(filter, RegexOptions.None, TimeSpan.FromSeconds(1));
            text = string.Join('\n', text.Split('\n').Where(line => regex.IsMatch(line)));
        }

        var result = new StringBuilder();
        result.Append("<status>").Append(Describe(shell.Status)).Append("</status>\n");
        if (shell.ExitCode is { } code)
        {
            result.Append(CultureInfo.InvariantCulture, $"<exit_code>{code}</exit_code>\n");
        }

        result.Append("<output>\n").Append(text.Length == 0 ? "(no new output)" : text.TrimEnd('\n')).Append("\n</output>");
        if (more)
        {
            result.Append("\nMore output is waiting; call BashOutput again to read it, or read ").Append(shell.LogPath).Append('.');
        }

        return ValueTask.FromResult(ToolResult.Success(result.ToString()));
    }

    public static string Describe(BackgroundTaskStatus status) => status switch
    {
        BackgroundTaskStatus.Running => "running",
        BackgroundTaskStatus.Completed => "completed",
        BackgroundTaskStatus.Failed => "failed",
        _ => "killed",
    };

    public static string Known(BackgroundTasks tasks)
    {
        var shells = tasks.All.Where(static t => t.Kind == "shell").Select(static t => t.Id).ToList();
        return shells.Count == 0 ? "No background shells have been started." : "Background shells: " + string.Join(", ", shells) + ".";
    }
}
