using Keel.Core.Agent;
using Keel.Core.Permissions;
using Keel.Core.Settings;
using Keel.Core.Tools;

namespace Keel.Core.Commands;

/// <summary>What a slash command may use: the running session's parts. Surfaces build one per session.</summary>
public sealed record SlashCommandContext(
    AgentLoop Loop,
    ToolSession Tools,
    PermissionEngine Policy,
    LoadedSettings Settings,
    SlashCommandRegistry Registry,
    bool Interactive)
{
    /// <summary>The Bash tool, for <c>!`cmd`</c> in command bodies (null: such lines are reported, not run).</summary>
    public ITool? Shell { get; init; }

    /// <summary>Runs a body's <c>!`cmd`</c> and <c>@file</c> parts under this session's permissions.</summary>
    public PromptContextExpander ContextExpander() => new(Shell, Policy, Tools);
}
