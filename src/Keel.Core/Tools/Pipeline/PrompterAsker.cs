using Keel.Core.Permissions;

namespace Keel.Core.Tools.Pipeline;

/// <summary>Asks through an <see cref="IPermissionPrompter"/> (the dialogs, headless policies, MCP prompt tools).</summary>
public sealed class PrompterAsker(IPermissionPrompter prompter) : IPermissionAsker
{
    public IPermissionPrompter Prompter => prompter;

    public ValueTask<PermissionAnswer> AskAsync(PermissionAsk ask, CancellationToken cancellationToken) =>
        prompter.AskAsync(ask.ToolName, ask.Input, ask.Decision, cancellationToken);
}
