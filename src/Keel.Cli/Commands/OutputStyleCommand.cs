using System.Text;
using Keel.Core.Commands;
using Keel.Core.OutputStyles;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>/output-style</c> lists the styles; <c>/output-style name</c> selects one by writing
/// <c>outputStyle</c> to <c>.keel/settings.local.json</c> (it shapes the system prompt, so it takes effect
/// with the next session; the interactive surface may also rebuild its prompt at once).
/// </summary>
public sealed class OutputStyleCommand : ISlashCommand
{
    public const string Action = "output-style";

    public string Name => "output-style";

    public string Description => "List output styles, or choose one for this project";

    public string? ArgumentHint => "[name]";

    public string Source => "built-in";

    public ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken)
    {
        var project = context.Tools.ProjectDirectory;
        var styles = OutputStyleCatalog.Load(project, context.Policy.Context.Home);
        var current = SessionExtensions.OutputStyleSetting(context.Settings) ?? BuiltInOutputStyles.DefaultName;
        var wanted = arguments.Trim();
        if (wanted.Length == 0)
        {
            var text = new StringBuilder("Output styles:\n");
            foreach (var style in styles)
            {
                var mark = string.Equals(style.Name, current, StringComparison.OrdinalIgnoreCase) ? "* " : "  ";
                text.Append(mark).Append(style.Name).Append(" — ").Append(style.Description).Append(" [").Append(style.Source).Append("]\n");
            }

            text.Append("Choose one with /output-style <name>.");
            return Result(new TextCommandResult(text.ToString()));
        }

        var chosen = OutputStyleCatalog.Find(styles, wanted);
        if (chosen is null)
        {
            return Result(new TextCommandResult($"There is no output style named \"{wanted}\". Known styles: {string.Join(", ", styles.Select(static s => s.Name))}.", IsError: true));
        }

        if (LocalSettingsFile.SetString(project, "outputStyle", chosen.Name) is { } error)
        {
            return Result(new TextCommandResult($"Could not save the output style: {error}", IsError: true));
        }

        return Result(new TextCommandResult($"Output style set to {chosen.Name} in {LocalSettingsFile.PathFor(project)}; it applies from the next session."));
    }

    private static ValueTask<SlashCommandResult> Result(SlashCommandResult result) => ValueTask.FromResult(result);
}
