using Keel.Core.Commands;
using Keel.Core.Cost;

namespace Keel.Terminal.Commands;

/// <summary>
/// The built-in commands of the interactive terminal. Commands the surface must carry out (clear, compact,
/// resume, model switch, editor, exit) return a typed outcome (<see cref="SlashCommandResult"/>).
/// </summary>
public static class InteractiveCommands
{
    /// <summary>A name Keel does not know is refused before it can fail the next request with a 404.</summary>
    public static string UnknownModel(string name) =>
        $"Unknown model '{name}'." + (ModelNames.Suggest(name) is { } near ? $" Did you mean '{near}'?" : string.Empty)
        + " /model lists the models; a model Keel does not list can still be chosen with keel --model <id> or provider/model.";

    public static void Register(SlashCommandRegistry registry, InteractiveCommandServices services)
    {
        static ValueTask<SlashCommandResult> Text(string text) => ValueTask.FromResult<SlashCommandResult>(new TextCommandResult(text));
        static ValueTask<SlashCommandResult> Outcome(SlashCommandResult result) => ValueTask.FromResult(result);

        registry.Register(new DelegateSlashCommand("help", "Show commands and keys", null, (_, c, _) => Text(CommandTexts.Help(c.Registry))));
        registry.Register(new DelegateSlashCommand("clear", "Start a fresh conversation (history on screen stays)", null, (_, _, _) => Outcome(new ClearCommandResult())));
        registry.Register(new DelegateSlashCommand("compact", "Summarise the conversation to free context", "[focus]", (a, _, _) => Outcome(new CompactCommandResult(string.IsNullOrWhiteSpace(a) ? null : a.Trim()))));
        registry.Register(new DelegateSlashCommand("cost", "Cost and tokens of this session", null, (_, c, _) => Text(CommandTexts.Cost(c))));
        registry.Register(new DelegateSlashCommand("context", "What fills the context window", null, (_, c, _) => Text(CommandTexts.Context(c, services.GetEnv))));
        registry.Register(new DelegateSlashCommand("model", "Show or switch the model", "[name]", (a, c, _) =>
            string.IsNullOrWhiteSpace(a)
                ? Outcome(new ModelPickerResult())
                : ModelNames.IsKnown(a)
                    ? Outcome(new ModelCommandResult(ModelCatalog.Resolve(a.Trim())))
                    : ValueTask.FromResult<SlashCommandResult>(new TextCommandResult(UnknownModel(a.Trim()), IsError: true))));
        registry.Register(new DelegateSlashCommand("permissions", "List rules with their sources; add or remove rules", "[allow|deny|ask|remove <rule>]", (a, c, _) =>
            ValueTask.FromResult(PermissionsCommand.Run(a, c))));
        registry.Register(new DelegateSlashCommand("status", "Session, model, mode, settings", null, (_, c, _) => Text(CommandTexts.Status(c, services.Version))));
        registry.Register(new DelegateSlashCommand("resume", "Pick a past session of this project to continue", null, (_, _, _) => Outcome(new ResumePickerResult()), interactiveOnly: true));
        registry.Register(new DelegateSlashCommand("rewind", "Go back to before an earlier prompt: code, conversation or both", null, (_, _, _) => Outcome(new RewindPickerResult()), interactiveOnly: true));
        registry.Register(new DelegateSlashCommand("memory", "Loaded instructions and memories; edit them in $EDITOR; toggle auto memory", null, (_, _, _) => Outcome(new MemoryEditorResult()), interactiveOnly: true));
        registry.Register(new DelegateSlashCommand("doctor", "Check the API, settings, sandbox and versions", null, async (_, c, ct) =>
            new TextCommandResult(await DoctorCommand.RunAsync(c, services, ct))));
        registry.Register(new DelegateSlashCommand("export", "Write the conversation as Markdown", "[file]", (a, c, _) =>
            ValueTask.FromResult<SlashCommandResult>(ExportCommand.Run(a, c, services.Time))));
        if (services.EditorMode is { } editorMode)
        {
            registry.Register(new DelegateSlashCommand("vim", "Switch between vim and normal editing of the input", null, (_, _, _) => Text(editorMode.Toggle()), interactiveOnly: true));
        }

        registry.Register(new DelegateSlashCommand("exit", "Leave Keel", null, (_, _, _) => Outcome(new ExitCommandResult()), interactiveOnly: true));
    }
}
