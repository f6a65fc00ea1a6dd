using Keel.Core.Tasks;
using Keel.Core.Tools;

namespace Keel.Tools.Shell.Background;

/// <summary>Stops a background shell and every process it started.</summary>
internal sealed class KillShellTool : Tool<KillShellInput>
{
    public KillShellTool()
        : base(static () => ShellJsonContext.Default.KillShellInput)
    {
    }

    public override string Name => "KillShell";

    public override ToolKind Kind => ToolKind.Interaction;

    protected override ToolFacets Describe(KillShellInput input, ToolSession session) => base.Describe(input, session) with { Summary = input.ShellId };

    protected override string Description => EmbeddedText.Load("KillShell.md");

    protected override async ValueTask<ToolResult> ExecuteAsync(KillShellInput input, ToolContext context, CancellationToken cancellationToken)
    {
        if (context.Session.Background.Find(input.ShellId) is not BackgroundShell shell)
        {
            return ToolResult.Error($"No background shell with id {input.ShellId}. {BashOutputTool.Known(context.Session.Background)}");
        }

        if (shell.Status != BackgroundTaskStatus.Running)
        {
            return ToolResult.Success($"Shell {input.ShellId} had already finished ({BashOutputTool.Describe(shell.Status)}{(shell.ExitCode is { } code ? $", exit code {code}" : string.Empty)}).");
        }

        await shell.StopAsync();
        return ToolResult.Success($"Killed shell {input.ShellId}.");
    }
}
