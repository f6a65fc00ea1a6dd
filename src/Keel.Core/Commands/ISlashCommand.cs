namespace Keel.Core.Commands;

/// <summary>
/// A <c>/name</c> command. Built-ins, custom command files, user-invocable skills and MCP prompts
/// all implement this, so the interactive terminal and <c>keel -p "/name args"</c> share one registry.
/// </summary>
public interface ISlashCommand
{
    /// <summary>Without the slash; namespaced commands use <c>:</c> (<c>frontend:lint</c>).</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>Shown after the name in completion and /help (e.g. <c>[focus]</c>); null when none.</summary>
    string? ArgumentHint { get; }

    /// <summary>Where it came from, for /help: <c>built-in</c>, <c>project</c>, <c>user</c>, <c>skill</c>, <c>mcp:server</c>.</summary>
    string Source { get; }

    /// <summary>True when the command only makes sense at a terminal (e.g. /resume picker); headless refuses it clearly.</summary>
    bool InteractiveOnly => false;

    /// <summary>True when the command may run while a turn does (a side question), instead of waiting behind it.</summary>
    bool RunsAlongsideTurns => false;

    ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken);
}
