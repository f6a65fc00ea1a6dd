using Keel.Cli.Composition;
using Keel.Core.Commands;
using Keel.Core.Skills;
using Keel.Core.Text;

namespace Keel.Cli.Commands;

/// <summary>
/// Builds a session's slash-command registry, in precedence order: Keel's built-ins, the surface's own
/// built-ins, user-invocable skills (a skill beats a command file of the same name), project command
/// files, then user command files. Bundled skills take part only when no file of their name exists (see
/// <see cref="SkillLoader.WithBundled"/>), so any file overrides them. Every name clash is listed in <see cref="SlashCommandRegistry.Conflicts"/>.
/// </summary>
public static class CommandCatalog
{
    /// <summary>Built-ins that work headless and interactively.</summary>
    public static IReadOnlyList<ISlashCommand> BuiltIns() =>
        [new HelpCommand(), new CompactCommand(), new SideQuestionCommand(), new CostCommand(), new ContextCommand(), new StatusCommand(), new OutputStyleCommand()];

    /// <param name="setup">The running session.</param>
    /// <param name="surfaceCommands">The interactive terminal's own built-ins (<c>/clear</c>, <c>/resume</c>, ...).</param>
    /// <param name="warnings">Where unreadable command files are reported.</param>
    public static SlashCommandRegistry Build(SessionSetup setup, IEnumerable<ISlashCommand>? surfaceCommands = null, ICollection<string>? warnings = null)
    {
        var registry = new SlashCommandRegistry();

        // A surface's own version of a built-in (the terminal's /help, /compact) replaces the shared one quietly.
        foreach (var command in surfaceCommands ?? [])
        {
            registry.Register(command);
        }

        IEnumerable<ISlashCommand> shared = [.. BuiltIns(), new Agents.TasksCommand()];
        if (setup.Subagents is { } subagents)
        {
            shared = shared.Append(new Agents.AgentsCommand(subagents.Catalog));
        }

        foreach (var command in shared.Concat(setup.Mcp?.Commands ?? []))
        {
            if (registry.Find(command.Name) is null)
            {
                registry.Register(command);
            }
        }

        var extensions = setup.Extensions;
        foreach (var skill in extensions.Skills.All.Where(static s => s.UserInvocable))
        {
            registry.Register(skill.IsBundled && skill.Name == BundledSkills.LoopName ? new LoopCommand(skill) : new SkillCommand(skill, extensions.Invoker));
        }

        foreach (var command in CustomCommandLoader.Load(extensions.ProjectDirectory, extensions.Home, warnings))
        {
            registry.Register(command);
        }

        return registry;
    }

    public static SlashCommandContext CreateContext(SessionSetup setup, SlashCommandRegistry registry, bool interactive) =>
        new(setup.Loop, setup.Tools, setup.Policy, setup.Settings, registry, interactive) { Shell = setup.Extensions.Shell };

    /// <summary>Registered names that look like <paramref name="name"/> (a typo, a prefix, a missing namespace).</summary>
    public static IReadOnlyList<string> CloseNames(SlashCommandRegistry registry, string name) =>
        [.. registry.All
            .Select(static c => c.Name)
            .Where(candidate => candidate.StartsWith(name, StringComparison.OrdinalIgnoreCase)
                || candidate.EndsWith(":" + name, StringComparison.OrdinalIgnoreCase)
                || EditDistance.Between(candidate.ToLowerInvariant(), name.ToLowerInvariant()) <= Math.Max(1, name.Length / 3))
            .Order(StringComparer.Ordinal)
            .Take(5)];
}
