using System.Text;
using Keel.Cli.Composition;
using Keel.Core.Commands;
using Keel.Core.Permissions;

namespace Keel.Cli.Commands;

/// <summary><c>/status</c>: version, session, model, directories, permission mode, output style.</summary>
public sealed class StatusCommand : ISlashCommand
{
    public string Name => "status";

    public string Description => "Show Keel's version, the session, model, working directories and permission mode";

    public string? ArgumentHint => null;

    public string Source => "built-in";

    public ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append("Keel ").Append(KeelVersion.Current).Append('\n');
        text.Append("Session: ").Append(context.Loop.SessionId).Append('\n');
        text.Append("Model: ").Append(context.Loop.Model).Append('\n');
        text.Append("Working directory: ").Append(context.Tools.ProjectDirectory).Append('\n');
        foreach (var extra in context.Tools.AllowedDirectories.Skip(1))
        {
            text.Append("Additional directory: ").Append(extra).Append('\n');
        }

        text.Append("Permission mode: ").Append(PermissionModes.Name(context.Policy.Mode)).Append('\n');
        text.Append("Output style: ").Append(SessionExtensions.OutputStyleSetting(context.Settings) ?? "default").Append('\n');
        text.Append("Commands: ").Append(context.Registry.All.Count);
        return ValueTask.FromResult<SlashCommandResult>(new TextCommandResult(text.ToString()));
    }
}
