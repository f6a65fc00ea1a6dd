namespace Keel.Core.Commands;

/// <summary>What running a slash command asks the surface to do next.</summary>
public abstract record SlashCommandResult;
