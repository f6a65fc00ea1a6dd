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
    bool Interactive);
