using Keel.Cli.Composition;
using Keel.Cli.Worktrees;
using Keel.Core.Agent;
using Keel.Core.Agent.Subagents;
using Keel.Core.Compaction;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Prompts;
using Keel.Core.Sessions;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;
using Keel.Tools.Agents;

namespace Keel.Cli.Agents;

/// <summary>
/// Runs subagents: a child <see cref="Session"/> per call with the agent's tools, prompt and model, the
/// session's tool-call pipeline and permission engine, compaction, its own side-chain transcript, and its cost
/// added to the parent's. Its events reach the parent's stream tagged with the Agent call's id (a
/// <see cref="SubagentEvent"/>) and its permission asks become the parent's requests. At most
/// <see cref="SubagentParts.MaxConcurrent"/> run at once.
/// </summary>
public sealed class SubagentRunner : ISubagentRunner, IDisposable
{
    private readonly SubagentParts _parts;
    private readonly SemaphoreSlim _slots;

    public SubagentRunner(SubagentParts parts, AgentCatalog catalog)
    {
        _parts = parts;
        Catalog = catalog;
        _slots = new SemaphoreSlim(parts.MaxConcurrent, parts.MaxConcurrent);
    }

    public AgentCatalog Catalog { get; }

    /// <summary>
    /// The session's tool-call pipeline; a subagent's calls run through it with the agent's tools, session and
    /// policy, and its id (so hooks fire for them, and see which agent called). Set by the session builder.
    /// </summary>
    public ToolPipeline? Pipeline { get; set; }

    /// <summary>The SubagentStop hook point: called after every subagent ends (the integrator wires it to hooks).</summary>
    public Func<SubagentStopped, CancellationToken, Task>? OnSubagentStop { get; set; }

    public async Task<SubagentResult> RunAsync(SubagentRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return new SubagentResult(ToolRunner.InterruptedMessage, IsError: true, 0, 0, 0, TerminalReason.Aborted, null);
        }

        try
        {
            var result = await RunChildAsync(request, cancellationToken);
            if (OnSubagentStop is { } hook)
            {
                await hook(new SubagentStopped(request.AgentId, request.Agent.Name, result.Text, result.TranscriptPath, result), cancellationToken);
            }

            return result;
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The model an agent runs on: the env override, the call's model, the agent's, else the parent's.</summary>
    public string ModelFor(AgentDefinition agent, string? callModel) =>
        (_parts.GetEnv("KEEL_SUBAGENT_MODEL") ?? _parts.GetEnv("CLAUDE_CODE_SUBAGENT_MODEL") ?? callModel ?? agent.Model) is { Length: > 0 } chosen && chosen != "inherit"
            ? ModelCatalog.Resolve(chosen)
            : _parts.ParentModel;

    /// <summary>
    /// The tools an agent at <paramref name="depth"/> gets: its list (or all), minus its disallowed ones, and
    /// an Agent tool only while it may still spawn (below the depth limit). Order follows the session's.
    /// </summary>
    public IReadOnlyList<ITool> ToolsFor(AgentDefinition agent, int depth)
    {
        var listed = agent.Tools?.Select(BareName).ToHashSet(StringComparer.Ordinal);
        var denied = agent.DisallowedTools.Select(BareName).ToHashSet(StringComparer.Ordinal);
        var tools = _parts.BaseTools
            .Where(t => (listed is null || NamedIn(t, listed)) && !NamedIn(t, denied) && (!agent.ReadOnly || ReadOnlyAgentTools.Allows(t)))
            .Select(t => agent.ReadOnly && t.Kind == ToolKind.Exec ? new ReadOnlyAgentTool(t, agent.Name) : t)
            .ToList();
        if (depth < _parts.MaxDepth && !agent.ReadOnly)
        {
            var spawner = AgentTools.Create(this, depth);
            if ((listed is null || NamedIn(spawner, listed)) && !NamedIn(spawner, denied))
            {
                tools.Add(spawner);
            }
        }

        return tools;
    }

    /// <summary>An agent's tool list names a tool by its name or by an alias the tool declares (Agent's "Task", Edit's "MultiEdit").</summary>
    private static bool NamedIn(ITool tool, HashSet<string> names) => names.Contains(tool.Name) || tool.RuleAliases.Any(names.Contains);

    /// <summary>The system prompt for an agent: the main prompt plus a note for general-purpose, else its own prompt and the environment.</summary>
    public IReadOnlyList<SystemBlock> SystemFor(AgentDefinition agent, string model)
    {
        if (agent.UsesMainPrompt)
        {
            return [.. _parts.MainSystem, new SystemBlock(SubagentPrompt.GeneralPurpose, CacheBreakpoint: false)];
        }

        var environment = _parts.Environment with
        {
            Model = model,
            InstructionFiles = agent.IncludeInstructions ? _parts.Environment.InstructionFiles : [],
            Memory = agent.IncludeInstructions ? _parts.Environment.Memory : null,
        };
        return SystemPromptBuilder.Build(environment, SubagentPrompt.Base + "\n\n" + agent.Prompt.Trim() + "\n");
    }

    /// <summary>Makes and clears the worktrees of agents with <c>isolation: worktree</c>.</summary>
    public GitWorktrees Worktrees { get; set; } = new();

    public void Dispose() => _slots.Dispose();

    private async Task<SubagentResult> RunChildAsync(SubagentRequest request, CancellationToken cancellationToken)
    {
        var agent = request.Agent;
        var parent = _parts.ParentTools;
        if (!request.IsolatedInWorktree && !agent.IsolatedInWorktree)
        {
            return await RunInAsync(request, null, cancellationToken);
        }

        // Its own checkout on a new branch: parallel agents never share one, and nothing they do lands in the user's.
        var (tree, error) = await Worktrees.CreateAsync(parent.CurrentDirectory, $"{request.AgentId}-{Guid.NewGuid():N}"[..Math.Min(40, request.AgentId.Length + 9)], cancellationToken);
        if (tree is null)
        {
            return new SubagentResult($"The agent could not get its own worktree: {error}", IsError: true, 0, 0, 0m, TerminalReason.ModelError, null);
        }

        var result = await RunInAsync(request, tree, cancellationToken);
        var outcome = await Worktrees.FinishAsync(tree, CancellationToken.None);
        return result with { Text = result.Text + "\n\n" + outcome.Describe(tree) };
    }

    private async Task<SubagentResult> RunInAsync(SubagentRequest request, Worktree? tree, CancellationToken cancellationToken)
    {
        var agent = request.Agent;
        var fork = request.Fork;
        var model = fork?.Options.Model ?? ModelFor(agent, request.Model);
        var parent = _parts.ParentTools;
        var policy = PolicyFor(agent, tree);
        var session = new ToolSession(tree?.Path ?? parent.ProjectDirectory, parent.AllowedDirectories.Skip(1), Path.Combine(parent.SessionDirectory, "subagents", request.AgentId), parent.Time)
        {
            Paths = tree is null ? parent.Paths : policy.Paths,
            Background = parent.Background,
            // The subagent's writes belong to the prompt that started it: a rewind puts them back too.
            Checkpoints = parent.Checkpoints,
            // Through the same editor as the parent: its buffers and its terminals.
            Files = parent.Files,
            Terminals = parent.Terminals,
        };

        // A child session: its events reach the parent's stream tagged with the Agent call's id, and its permission
        // asks become the parent's requests. It cannot ask the user questions (its outbox says nobody is there).
        var outbox = _parts.Outbox.ForSubagent(request.ParentToolUseId, request.AgentId, agent.Name);
        session.Interaction = outbox;
        session.TrySetCurrentDirectory(tree is null ? parent.CurrentDirectory : Within(tree, parent.CurrentDirectory));
        // A fork sends the parent's options (its tool definitions, system and cache markers) and refuses the calls it
        // must not make when they are made, so its requests read the parent's cached prefix.
        IReadOnlyList<ITool> tools = fork is null
            ? ToolsFor(agent, request.Depth)
            : [.. fork.Options.Tools.Select(static t => ForkRefusedTool.Refuses(t) ? new ForkRefusedTool(t) : t)];
        var info = ModelCatalog.Get(model);
        var maxTokens = ThinkingBudgets.MaxTokensFor(model, Math.Min(info.MaxOutputTokens, 32_000), _parts.Thinking);
        var options = fork is null
            ? new AgentOptions(model, tools, SystemFor(agent, model), maxTokens, agent.MaxTurns, _parts.Thinking) { MaxBudgetUsd = _parts.MaxBudgetUsd }
            : fork.Options with { MaxTurns = agent.MaxTurns };
        var caller = new ToolCaller(request.AgentId, agent.Name);
        var runner = new ToolRunner(Pipeline is { } parentPipeline
            ? parentPipeline.With(p => p with { Tools = tools, Policy = policy, Asker = outbox, Session = session, Memory = new PermissionUpdater(policy.Context), Caller = caller, Deferred = null })
            : new ToolPipeline(new ToolPipelineParts(tools, policy, outbox, session) { Memory = new PermissionUpdater(policy.Context), Caller = caller }));
        // Each request of the agent counts toward the session's total (and --max-budget-usd) as it is made.
        var cost = new CostTracker(_parts.ParentCost);
        using var transcript = _parts.SidechainDirectory is { } dir
            ? new TranscriptWriter(Path.Combine(dir, $"agent-{request.AgentId}.jsonl"), _parts.SessionId, parent.ProjectDirectory, KeelVersion.Current, parent.Time)
            {
                Sidechain = new SidechainInfo(request.AgentId, agent.Name, request.ParentToolUseId),
            }
            : null;
        var recorder = (ISessionRecorder?)transcript ?? NullSessionRecorder.Instance;
        var loop = new AgentLoop(options, _parts.Caller, runner, policy, recorder, cost, _parts.SessionId, fork?.Messages)
        {
            // The child compacts like the main conversation when its context fills up.
            Compaction = new ContextCompactor(_parts.Client, new CompactionSettings(ModelCatalog.ContextWindowFor(model, _parts.GetEnv)), session, recorder, cost, parent.Time),
        };
        loop.Compaction.Attachments.Add(session.Todos);
        session.UseModelForTurn = loop.UseModelForTurn;
        TurnFinished? finished;
        var child = new Session(loop, outbox, new SessionOptions(policy, Background: null) { FollowBackgroundWork = false, Lifetime = cancellationToken });
        await using (child)
        {
            var first = fork is not null ? fork.FirstMessage(request.Prompt)
                : AgentSkills.Preload(agent, _parts.Skills) is { } preload
                ? new Message(Role.User, [new TextBlock(preload), new TextBlock(request.Prompt)])
                : Message.UserText(request.Prompt);
            finished = await child.Submit(new SendUserTurn(first));
        }

        var usage = cost.TotalUsage;
        var tokens = usage.TotalInputTokens + usage.OutputTokens;
        if (finished is null && cancellationToken.IsCancellationRequested)
        {
            return new SubagentResult(ToolRunner.InterruptedMessage, IsError: true, 0, tokens, cost.TotalCostUsd, TerminalReason.Aborted, transcript?.Path);
        }

        if (finished is null)
        {
            return new SubagentResult("The agent ended without a result.", IsError: true, 0, tokens, cost.TotalCostUsd, TerminalReason.ModelError, transcript?.Path);
        }

        var (text, isError) = finished.Reason switch
        {
            TerminalReason.Completed => (finished.ResultText, false),
            TerminalReason.MaxTurns => ($"The agent stopped after its limit of {agent.MaxTurns} turns. Its last words: {finished.ResultText}", true),
            TerminalReason.Aborted => (ToolRunner.InterruptedMessage, true),
            _ => ($"The agent failed ({finished.Reason}): {finished.Error?.Message ?? finished.ResultText}", true),
        };
        return new SubagentResult(text, isError, finished.NumTurns, tokens, cost.TotalCostUsd, finished.Reason, transcript?.Path);
    }

    /// <summary>
    /// The session's engine, or one in the agent's own mode. A parent in bypassPermissions or acceptEdits keeps
    /// its mode (the user chose it for the whole session); the copy starts with the rules the session has now.
    /// </summary>
    private PermissionEngine PolicyFor(AgentDefinition agent, Worktree? tree)
    {
        var context = _parts.Policy.Context;
        var keepsMode = agent.PermissionMode is not { } mode || mode == context.Mode || context.Mode is PermissionMode.BypassPermissions or PermissionMode.AcceptEdits;
        if (keepsMode && tree is null)
        {
            return _parts.Policy;
        }

        // An isolated agent's project is its worktree: that is where its edits are allowed like the user's project.
        return new PermissionEngine(
            new PermissionContext(tree?.Path ?? context.ProjectDirectory, context.WorkingDirectories.Skip(1), context.Home, keepsMode ? context.Mode : agent.PermissionMode!.Value, context.Rules, _parts.KeelConfigDirectory),
            _parts.Policy.Tools);
    }

    /// <summary>The parent's working directory as the same place inside the worktree (its root when outside the checkout).</summary>
    private static string Within(Worktree tree, string directory) =>
        tree.BaseCommit.Length > 0 && PathScope.IsWithin(directory, tree.RepositoryRoot) && !PathScope.IsWithin(directory, tree.Path)
            ? Path.Combine(tree.Path, Path.GetRelativePath(tree.RepositoryRoot, directory))
            : tree.Path;

    private static string BareName(string tool)
    {
        var paren = tool.IndexOf('(', StringComparison.Ordinal);
        return (paren > 0 ? tool[..paren] : tool).Trim();
    }
}
