using Keel.Core.Commands;
using Keel.Core.Messages;
using Keel.Core.Tools;
using Keel.Core.Sessions;
using Keel.Terminal.Input;
using Keel.Terminal.Input.KeyBindings;
using Keel.Terminal.Input.Vim;
using Keel.Terminal.Rendering;

namespace Keel.Terminal.Repl;

/// <summary>
/// Everything the REPL drives, composed by the CLI: the engine <see cref="Engine"/> (operations in, events out),
/// the command context, the view, history and completion.
/// </summary>
public sealed record ReplServices(
    Session Engine,
    SlashCommandContext Session,
    IConversationView View,
    InputHistory History,
    Completer Completer,
    TimeProvider Time,
    string ConfigDirectory,
    Func<string, string?> GetEnv)
{
    /// <summary>Runs a <c>!command</c> through the permission engine like a Bash call.</summary>
    public Func<string, CancellationToken, Task<ShellResult>>? RunShell { get; init; }

    /// <summary>The prompt given on the command line (<c>keel "fix the bug"</c>), sent once the input box is up.</summary>
    public string? InitialPrompt { get; init; }

    /// <summary>Whether this directory was trusted before, and how to remember that it now is (returns an error message when that failed); null skips the question.</summary>
    public (Func<bool> IsTrusted, Func<string?> Trust)? Trust { get; init; }

    /// <summary>Called once, when the input box is first drawn (startup tracing).</summary>
    public Action? OnReady { get; init; }

    public string Version { get; init; } = "0";

    /// <summary>Styling for views drawn outside the conversation view (the Ctrl+O transcript).</summary>
    public RenderOptions RenderOptions { get; init; } = new(Color: false);

    /// <summary>The live <c>/</c> and <c>@</c> menu; null leaves only Tab completion.</summary>
    public SuggestionMenu? Menu { get; init; }

    /// <summary>What the <c>@</c> mentions of a prompt attach (an MCP resource's content, an agent to hand it to), sent before it.</summary>
    public Func<string, CancellationToken, Task<IReadOnlyList<string>>>? ExpandMentions { get; init; }

    /// <summary>What a tool says about a recorded call, for the cards of a replayed conversation.</summary>
    public Func<ToolUseBlock, ToolFacets> DescribeCall { get; init; } = static _ => ToolFacets.None;

    /// <summary>The session's transcript file (the status line's <c>transcript_path</c>), or null when nothing is saved.</summary>
    public string? TranscriptPath { get; init; }

    /// <summary>Whether the session is written to a transcript (so leaving can say how to resume it).</summary>
    public bool Saved { get; init; } = true;

    /// <summary>How many turns of a resumed conversation are drawn into the scrollback.</summary>
    public int ReplayTurns { get; init; } = 10;

    /// <summary>/memory: what was loaded and why, the memory files to open, and the auto memory switch (null: only instruction files are offered).</summary>
    public MemoryPanelHooks? Memory { get; init; }

    /// <summary>Lines shown above the input at start (settings warnings, command conflicts).</summary>
    public IReadOnlyList<string> StartupNotices { get; init; } = [];

    /// <summary>Vim or normal editing of the input (<c>/vim</c>, the <c>editorMode</c> setting); null: always normal.</summary>
    public EditorModeSetting? EditorMode { get; init; }

    /// <summary><c>~/.keel/keybindings.json</c>, watched while the session runs; null: the default keys only.</summary>
    public KeyBindingsFile? KeyBindings { get; init; }
}
