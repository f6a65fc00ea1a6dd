using Keel.Cli.Agents;
using Keel.Core.Agent;
using Keel.Core.Hooks;
using Keel.Core.Memory;
using Keel.Core.Permissions;
using Keel.Core.Prompts;
using Keel.Core.Sessions;
using Keel.Core.Settings;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;

namespace Keel.Cli.Composition;

/// <summary>
/// A composed session and the services around it, built once by <see cref="SessionBuilder"/> and not changed
/// after. Surfaces drive <see cref="Session"/> (operations in, events out); the other members serve reports and
/// commands. Disposing ends the session: the pump, background tasks, transcript, subagents, MCP servers and memory work.
/// </summary>
public sealed class SessionSetup : IAsyncDisposable
{
    private readonly TranscriptWriter? _transcript;
    private Keel.Cli.Memory.DreamTask? _dream;
    private bool _disposed;

    internal SessionSetup(AgentLoop loop, ToolSession tools, PermissionEngine policy, string model, TranscriptWriter? transcript, IReadOnlyList<string> warnings, LoadedSettings settings)
    {
        Loop = loop;
        Tools = tools;
        Policy = policy;
        Model = model;
        _transcript = transcript;
        Warnings = warnings;
        Settings = settings;
    }

    /// <summary>The engine: surfaces submit operations and read events; nothing else drives the loop.</summary>
    public required Session Session { get; init; }

    /// <summary>The session's event stream and waiting requests (the asker of its tool calls).</summary>
    public required SessionOutbox Outbox { get; init; }

    /// <summary>The turn loop behind <see cref="Session"/>, for read-only reports (/context, /cost, init lines).</summary>
    public AgentLoop Loop { get; }

    public ToolSession Tools { get; }

    public PermissionEngine Policy { get; }

    /// <summary>The session's tool-call pipeline: every tool call, from any caller, runs through it.</summary>
    public required ToolPipeline Pipeline { get; init; }

    /// <summary>Problems with settings files and rules; the surface shows them (headless: stderr).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Every settings layer, for features that read their own keys (hooks, env, model).</summary>
    public LoadedSettings Settings { get; }

    public string Model { get; }

    /// <summary>Skills, output style and what slash commands need (see <see cref="Commands.CommandCatalog"/>).</summary>
    public required Commands.SessionExtensions Extensions { get; init; }

    /// <summary>Runs subagents; its catalog lists them for /agents, and OnSubagentStop is the SubagentStop hook point.</summary>
    public SubagentRunner? Subagents { get; init; }

    /// <summary>The session's MCP servers, tools and prompt commands.</summary>
    public Keel.Cli.Mcp.McpSession? Mcp { get; init; }

    /// <summary>The session's hooks (null: none configured); the surface fires SessionStart/End and Notification.</summary>
    public HookRunner? Hooks { get; init; }

    /// <summary>Where this session's memory lives and whether auto memory is on.</summary>
    public required MemoryLocation Memory { get; init; }

    /// <summary>The instruction files loaded at the start and the rules waiting for a matching path.</summary>
    public InstructionSet Instructions { get; init; } = new([], []);

    /// <summary>Instructions attached to tool results during the session (nested folders, path rules).</summary>
    public NestedInstructions? Nested { get; init; }

    /// <summary>Background memory extraction (null: auto memory off, or a one-shot run).</summary>
    public MemoryExtractor? MemoryExtraction { get; init; }

    /// <summary>How long <see cref="DrainBackgroundMemoryAsync"/> waits at most.</summary>
    internal TimeSpan DrainLimit { get; init; }

    internal TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Starts consolidation when its gates are open (see <see cref="StartDream"/>).</summary>
    internal Func<Keel.Cli.Memory.DreamTask?> DreamStarter { get; init; } = static () => null;

    /// <summary>
    /// Starts memory consolidation in the background when its gates are open and no other process runs it
    /// (interactive and stream-json sessions call this once, at the start); returns the task id, or null.
    /// </summary>
    public string? StartDream()
    {
        _dream ??= DreamStarter();
        return _dream?.Id;
    }

    /// <summary>Lets running memory work (extraction, consolidation) finish, bounded, before the session ends and cancels it.</summary>
    public async Task DrainBackgroundMemoryAsync()
    {
        var limit = Task.Delay(DrainLimit, Time);
        await Task.WhenAny(Task.WhenAll(MemoryExtraction?.DrainAsync(DrainLimit) ?? Task.CompletedTask, _dream?.Completion ?? Task.CompletedTask), limit);
    }

    public string SessionId => Loop.SessionId;

    public string? TranscriptPath => _transcript?.Path;

    /// <summary>Ends the session: the pump stops, background tasks stop, then the transcript, subagents, MCP servers and memory work.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await Session.DisposeAsync();
        await Tools.Background.DisposeAsync();
        _transcript?.Dispose();
        Subagents?.Dispose();
        if (Mcp is { } mcp)
        {
            await mcp.DisposeAsync();
        }

        if (MemoryExtraction is { } extraction)
        {
            await extraction.DisposeAsync();
        }

        if (_dream is { } dream)
        {
            await dream.StopAsync();
            dream.Dispose();
        }
    }
}
