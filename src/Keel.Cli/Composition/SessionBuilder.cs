using Keel.Cli.Agents;
using Keel.Cli.Arguments;
using Keel.Cli.Hooks;
using Keel.Core.Agent;
using Keel.Core.Agent.Subagents;
using Keel.Core.Compaction;
using Keel.Core.Cost;
using Keel.Core.Hooks;
using Keel.Core.Interaction;
using Keel.Core.Memory;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Prompts;
using Keel.Core.Recovery;
using Keel.Core.Sessions;
using Keel.Core.Tools;
using Keel.Core.Tools.Deferral;
using Keel.Core.Tools.Pipeline;
using Keel.Tools;

namespace Keel.Cli.Composition;

/// <summary>
/// Composes a session by hand (no container), in stages: conversation → directories and flags → settings and
/// permissions → model client → MCP (started; servers come up in the background) → built-in tools → system
/// prompt (git and instruction files) → MCP tools (awaited) → requests → agents → transcript, hooks, pipeline,
/// loop and <see cref="Session"/>. Every surface (REPL, <c>-p</c>, stream-json, <c>keel mcp serve</c>) and every
/// subagent's parts come from here. A stage that fails returns the user's message, and everything the earlier
/// stages started is disposed, newest first.
/// </summary>
public sealed partial class SessionBuilder : IAsyncDisposable
{
    private readonly CliOptions _options;
    private readonly SessionSurface _surface;
    private readonly List<IAsyncDisposable> _started = [];
    private readonly List<string> _warnings = [];
    private readonly string _cwd;
    private readonly string _configDir;
    private readonly string _projectDir;
    private KeelEnvironment _env;

    private SessionBuilder(CliOptions options, KeelEnvironment env, SessionSurface surface)
    {
        _options = options;
        _env = env;
        _surface = surface;
        _cwd = env.WorkingDirectory;
        _configDir = KeelPaths.ConfigDirectory(env.GetEnv);
        _projectDir = KeelPaths.ProjectSessionsDirectory(_configDir, _cwd);
    }

    /// <summary>Builds the session for <paramref name="surface"/>, or says why the options cannot work (then nothing is left running).</summary>
    /// <param name="options">The parsed command line.</param>
    /// <param name="env">Environment, working directory and clock.</param>
    /// <param name="surface">Who answers requests, whether the project is trusted, and the model client tests inject.</param>
    public static async Task<(SessionSetup? Setup, string? Error)> BuildAsync(CliOptions options, KeelEnvironment env, SessionSurface surface)
    {
        var builder = new SessionBuilder(options, env, surface);
        try
        {
            var result = await builder.BuildCoreAsync();
            if (result.Setup is null)
            {
                await builder.DisposeAsync();
            }

            return result;
        }
        catch
        {
            await builder.DisposeAsync();
            throw;
        }
    }

    /// <summary>Disposes what the stages started, newest first (only when the build failed; a built session owns them).</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }

        _started.Clear();
    }

    private async Task<(SessionSetup? Setup, string? Error)> BuildCoreAsync()
    {
        var (loaded, loadError) = LoadConversation();
        if (loadError is not null)
        {
            return (null, loadError);
        }

        StartupTrace.Mark("transcript loaded");
        var (addDirs, dirError) = AdditionalDirectories();
        if ((dirError ?? PromptToolProblem()) is { } flagError)
        {
            return (null, flagError);
        }

        var (systemPrompt, appendPrompt, promptError) = SystemPromptFlags.Read(_options, _cwd);
        if (promptError is not null)
        {
            return (null, promptError);
        }

        // A fork continues the conversation under a new id and leaves the old transcript as it was.
        var forked = loaded is not null && _options.ForkSession;
        var sessionId = (forked ? null : loaded?.SessionId) ?? _options.SessionId ?? Guid.NewGuid().ToString();
        var toolSession = new ToolSession(_cwd, addDirs, Path.Combine(_projectDir, sessionId), _env.Time);
        _warnings.AddRange(_options.PluginDirs.Select(static dir => $"--plugin-dir {dir}: Keel does not load plugins yet; ignored"));
        var (policy, settings, policyError) = BuildPermissions(addDirs);
        if (policy is null)
        {
            return (null, policyError);
        }

        toolSession.Paths = policy.Paths;

        // Settings "env" reaches everything composed from here on (Bash, hooks, MCP servers, the client).
        _env = _env.WithSettingsEnv(settings.Effective.EnvFor(_surface.ProjectTrusted));

        // Precedence as in Claude Code: --model, then ANTHROPIC_MODEL (settings env included), then settings "model".
        var requestedModel = _options.Model ?? _env.GetEnv("ANTHROPIC_MODEL") ?? settings.Effective.Model;
        var memory = MemoryLocation.Resolve(_configDir, _cwd, settings, _env.GetEnv, _warnings);
        if (memory.Enabled)
        {
            policy.Context.SetMemoryDirectories(memory.Directories);
        }

        StartupTrace.Mark("settings and permissions");
        var keyHelper = RecoverySetup.ApiKeyHelper(settings, _cwd, _env.Time);
        var (client, model, providers, clientError) = CreateClient(requestedModel, settings, keyHelper);
        if (client is null)
        {
            if (!_surface.ModelOptional)
            {
                return (null, clientError);
            }

            // keel mcp serve needs no model; a tool that does (WebSearch) answers with the reason when called.
            client = new UnavailableModelClient(clientError!);
        }

        // MCP servers start now and come up while the rest is composed; the tool stage below awaits them.
        var (mcp, mcpError) = Keel.Cli.Mcp.McpSession.Start(_options, _env, settings, _cwd, _configDir, toolSession.SessionDirectory, _warnings, _surface.Host);
        if (mcp is null)
        {
            return (null, mcpError);
        }

        _started.Add(mcp);
        StartupTrace.Mark("mcp configured");
        var cost = new CostTracker();
        var extensions = Commands.SessionExtensions.Load(_cwd, _env.GetEnv("HOME"), _configDir, settings, _warnings, _surface.Host?.Skills);
        var deferred = new DeferredTools();
        var builtIn = BuiltInTools.Create(new BuiltInToolParts(policy.Context, () => client, cost, settings, _env.GetEnv, _env.Time, _warnings)
        {
            Deferred = deferred,
            Sandbox = SandboxSetup.For(_options.Sandbox, settings, policy, _warnings),
            Skill = bash => extensions.CreateSkillTool(policy, bash, () => sessionId),
        });
        StartupTrace.Mark("tools created");

        var (environment, instructions, system) = DescribeEnvironment(addDirs, model, memory, policy, extensions, systemPrompt, appendPrompt);

        // The tool list is fixed for the session (byte-stable for prompt caching): MCP tools join once their servers are up.
        IReadOnlyList<ITool> tools = [.. builtIn, .. await mcp.ToolsAsync(_warnings), .. _surface.Host?.Tools ?? []];
        policy.Tools.Register(tools);
        _warnings.AddRange(policy.RulesGoverningNoTool());
        StartupTrace.Mark("mcp tools");

        // Requests: events for a person to answer, or answered here when nobody is there.
        var (prompter, prompterError) = mcp.Prompter(_options.PermissionPromptTool, _surface.PersonAnswers ? null : new DenyingPrompter(), toolSession);
        if (prompterError is not null)
        {
            return (null, prompterError);
        }

        HookRunner? hooks = null;
        var updater = new PermissionUpdater(policy.Context);
        var outbox = new SessionOutbox(new SessionAnswerers(
            prompter is null ? null : new PrompterAsker(prompter),
            _surface.PersonAnswers ? null : NoUserInteraction.Instance,
            (tool, facets) => updater.Suggest(tool, facets, toolSession.CurrentDirectory),
            message => NotifyWaiting(hooks, message)));
        toolSession.Interaction = outbox;

        var thinking = RecoverySetup.Thinking(_options, _env.GetEnv, settings);
        var maxTokens = ThinkingBudgets.MaxTokensFor(model, Math.Min(ModelCatalog.Get(model).MaxOutputTokens, 32_000), thinking);
        var caller = new ModelCaller(client, RecoverySetup.Retry(_env.GetEnv), _env.Time)
        {
            FallbackModels = providers?.FallbackModels ?? (RecoverySetup.FallbackModel(_options, settings) is { } fallback ? [fallback] : []),
            Credentials = keyHelper,
            Limits = StreamLimits.FromEnvironment(_env.GetEnv),
        };
        var subagents = new SubagentRunner(
            new SubagentParts(caller, client, policy, outbox, toolSession, ToolSelection.Apply(tools, _options.Tools, []), system, environment, model, thinking, cost, sessionId, _options.NoSessionPersistence ? null : Path.Combine(_projectDir, sessionId, "subagents"), _configDir, _env.GetEnv) { Skills = extensions.Skills, MaxBudgetUsd = _options.MaxBudgetUsd },
            AgentCatalog.ForSession(_cwd, _env.GetEnv("HOME"), _options.AgentsJson));
        _started.Add(new AsyncDisposal(subagents));
        var (main, agentError) = AgentSetup.Configure(subagents, _options.Agent, tools, system, model, _options.Model is not null || _env.GetEnv("ANTHROPIC_MODEL") is not null);
        if (main is null)
        {
            return (null, agentError);
        }

        (tools, system, model) = (main.Tools, main.System, main.Model);

        tools = ToolSelection.Apply(tools, _options.Tools, _warnings);

        // Tool search: past the threshold, rarely used and MCP tools go by name only (listed at the end of the
        // dynamic part of the system prompt, after everything that is cached across sessions).
        tools = deferred.Configure(
            tools,
            policy.IsOffered,
            ToolSearchMode.Parse(_env.GetEnv("ENABLE_TOOL_SEARCH"), settings.Effective.ToolSearch),
            ModelCatalog.ContextWindowFor(model, _env.GetEnv));
        if (deferred.Listing() is { } deferredListing)
        {
            system = [.. system, new SystemBlock(deferredListing, CacheBreakpoint: false)];
        }

        // One list the loop and the pipeline share, so an SDK host's MCP server changes reach both.
        var live = new LiveToolList(tools);
        (mcp.Live, mcp.Catalog, mcp.Deferred) = (live, policy.Tools, deferred);
        // A server's tools/list_changed (or its return after a reconnection) offers its new tools from the next request.
        mcp.Hub.OnToolsChanged(_ => mcp.RefreshTools());
        tools = live;

        _warnings.AddRange(subagents.Catalog.Warnings);
        StartupTrace.Mark("client created");

        // The last stage that starts anything: nothing after it can fail, so a failed build never leaves a transcript behind.
        var transcript = OpenTranscript(loaded, sessionId, forked);
        if (transcript is not null)
        {
            transcript.GitBranch = environment.Git?.Branch;
        }
        ISessionRecorder recorder = (ISessionRecorder?)transcript ?? NullSessionRecorder.Instance;
        // Old sessions (and their checkpoints) go at start-up; never this one nor the one it resumes or forks.
        var cleanupDays = (int)Math.Clamp(settings.Effective.CleanupPeriodDays ?? SessionCleanup.DefaultDays, 0, 36_500);
        SessionCleanup.Prune(_configDir, cleanupDays, _env.Time.GetUtcNow(), loaded is null ? [sessionId] : [sessionId, loaded.SessionId]);

        // Checkpoints of the files Keel's tools write, for rewinds; kept in the transcript so -c/-r bring them back.
        toolSession.Checkpoints = new Keel.Core.Checkpoints.FileCheckpoints(
            Path.Combine(toolSession.SessionDirectory, "checkpoints"), recorder.RecordCheckpoint, forked ? [Path.Combine(_projectDir, loaded!.SessionId, "checkpoints")] : null);
        if (loaded is not null)
        {
            toolSession.Checkpoints.Load(loaded.PromptIds, loaded.Checkpoints);
            if (forked)
            {
                // The fork's own copy of the content: its rewinds work after it goes on, and after the original is pruned.
                toolSession.Checkpoints.Adopt(loaded.Checkpoints);
            }
        }

        deferred.Recorded = recorder.RecordToolsLoaded;
        if (loaded is { LoadedTools.Count: > 0 })
        {
            // Tools loaded before stay loaded; a forked transcript needs its own record of them.
            deferred.Load(loaded.LoadedTools, record: forked);
        }

        hooks = HookSetup.Create(settings, _surface.ProjectTrusted, _env, sessionId, transcript?.Path, recorder, policy, () => toolSession.CurrentDirectory, _warnings, _surface.Host, () => new Keel.Tools.Hooks.ModelHookExecutor(
            new Keel.Tools.Web.SideModel(() => client, cost, Keel.Tools.Web.SideModel.ResolveModel(_env.GetEnv, settings.Effective.SmallFastModel), _env.Time),
            async (prompt, hookModel, token) =>
            {
                // A read-only agent decides: it may look at files, never change them.
                var agent = subagents.Catalog.Find("Explore") ?? subagents.Catalog.Find("general-purpose")!;
                var result = await subagents.RunAsync(new SubagentRequest(agent, "agent hook", prompt, Guid.NewGuid().ToString("N")[..12], "hook", 1, hookModel), token);
                return result.IsError ? $"{{\"ok\": false, \"reason\": \"the hook's agent failed: {System.Text.Json.JsonEncodedText.Encode(result.Text)}\"}}" : result.Text;
            },
            _env.Time), () => new Keel.Mcp.Hooks.McpToolHookExecutor(mcp.Hub, _env.Time));
        if (hooks is not null)
        {
            hooks.Rewake = toolSession.Background;
            hooks.EnvFile = Path.Combine(toolSession.SessionDirectory, "session-env.sh");
            hooks.ShellEnvironment = toolSession.ShellEnvironment;
        }

        var nested = new NestedInstructions(_cwd, instructions, _env.GetEnv("HOME"));
        var pipeline = new ToolPipeline(new ToolPipelineParts(tools, policy, outbox, toolSession) { Memory = updater, Hooks = hooks, Deferred = deferred, ResultAttachments = new ResultAttachmentsChain([nested, new Keel.Core.Skills.ConditionalSkills(extensions.Skills, _cwd, _env.GetEnv("HOME"))]) });
        subagents.Pipeline = pipeline;
        subagents.Worktrees = Keel.Cli.Worktrees.WorktreeSetup.For(settings, _surface.ProjectTrusted, _env, sessionId, transcript?.Path);
        extensions.Invoker.Hooks = hooks;
        if (hooks is not null)
        {
            subagents.OnSubagentStop = (stopped, token) => hooks.SubagentStopAsync(stopped.AgentType, stopped.TranscriptPath, false, stopped.LastAssistantMessage, token);
        }

        StartupTrace.Mark("transcript opened");
        var extractor = Keel.Cli.Memory.MemorySetup.Extractor(memory, !_surface.Continuing, () => client, cost, _env.Time, pipeline, _options.MaxBudgetUsd);
        if (extractor is not null)
        {
            _started.Add(extractor);
        }

        var cacheTtl = _env.GetEnv("KEEL_PROMPT_CACHE_TTL") ?? settings.Effective.PromptCacheTtl;
        if (!string.IsNullOrWhiteSpace(cacheTtl) && CacheLifetime.Parse(cacheTtl) is null)
        {
            _warnings.Add($"promptCacheTtl '{cacheTtl}' is not 1h or 5m; the cache lifetime is chosen automatically.");
        }

        var cacheLifetime = CacheLifetime.For(cacheTtl, _surface.Continuing, loaded, _env.Time);
        cacheLifetime.Changed = recorder.RecordCacheTtl;
        var loop = new AgentLoop(new AgentOptions(model, tools, system, maxTokens, _options.MaxTurns, thinking) { MaxBudgetUsd = _options.MaxBudgetUsd, Deferred = deferred, CacheLifetime = cacheLifetime }, caller, new ToolRunner(pipeline), policy, recorder, cost, sessionId, loaded?.Messages)
        {
            Background = toolSession.Background,
            Compaction = new ContextCompactor(client, new CompactionSettings(ModelCatalog.ContextWindowFor(model, _env.GetEnv)), toolSession, recorder, cost, _env.Time) { Hooks = hooks },
            Hooks = hooks,
            Attachments = Keel.Cli.Memory.MemorySetup.Recall(memory, () => client, cost, settings, _env.GetEnv, _env.Time),
            FollowUp = extractor,
        };
        loop.RestorePrompts(loaded?.Prompts ?? []);
        toolSession.UseModelForTurn = loop.UseModelForTurn;
        extensions.Invoker.Fork = async (skill, body, token) =>
        {
            var agent = subagents.Catalog.Find("general-purpose")!;
            var id = Guid.NewGuid().ToString("N")[..12];
            // A fork of this conversation shares its prompt cache, unless the skill names another model (whose cache is its own).
            var shares = skill.Model is not { Length: > 0 } named || string.Equals(named, "inherit", StringComparison.OrdinalIgnoreCase);
            var request = new SubagentRequest(agent, $"skill {skill.Name}", body, id, $"skill:{skill.Name}", 1, skill.Model)
            {
                Fork = shares ? new ConversationFork(loop.ForkOptions, loop.Messages) : null,
            };
            var result = await subagents.RunAsync(request, token);
            return result.IsError ? $"The subagent failed: {result.Text}" : result.Text;
        };
        loop.Compaction.Attachments.Add(toolSession.Todos);
        extensions.Attach(loop.Compaction);
        extensions.Invoked.Recorded = recorder.RecordSkillInvoked;
        if (loaded is { InvokedSkills.Count: > 0 })
        {
            // Their instructions still apply after -c: the next compaction re-attaches them as if invoked in this run.
            extensions.Invoked.Restore(loaded.InvokedSkills);
            if (forked)
            {
                foreach (var (name, content) in loaded.InvokedSkills)
                {
                    recorder.RecordSkillInvoked(name, content);
                }
            }
        }
        StartupTrace.Mark("loop created (tool schemas)");

        var env = _env;
        var projectDir = _projectDir;
        var (dreamTools, dreamModel) = (tools, model);
        var setup = new SessionSetup(loop, toolSession, policy, model, transcript, _warnings, settings)
        {
            Session = new Session(loop, outbox, new SessionOptions(policy, toolSession.Background)),
            Outbox = outbox,
            Extensions = extensions,
            Subagents = subagents,
            Mcp = mcp,
            Hooks = hooks,
            Pipeline = pipeline,
            Memory = memory,
            MemoryExtraction = extractor,
            Instructions = instructions,
            Nested = nested,
            DrainLimit = Keel.Cli.Memory.MemorySetup.DrainLimit(env.GetEnv),
            Time = env.Time,
            DreamStarter = () => Keel.Cli.Memory.DreamTask.TryStart(memory, projectDir, sessionId, caller, dreamModel, dreamTools, policy.Context, cost, toolSession.Background, env.Time, _options.MaxBudgetUsd),
        };

        // The session owns what was started from here on.
        _started.Clear();
        return (setup, null);
    }

    /// <summary>The environment the prompt describes (git, instruction files, memory) and the system prompt; read while MCP servers start.</summary>
    private (PromptEnvironment Environment, InstructionSet Instructions, IReadOnlyList<SystemBlock> System) DescribeEnvironment(
        IReadOnlyList<string> addDirs, string model, MemoryLocation memory, PermissionEngine policy, Commands.SessionExtensions extensions, string? systemPrompt, string? appendPrompt)
    {
        var repoRoot = InstructionFiles.FindRepositoryRoot(_cwd);
        var instructions = InstructionFiles.Discover(_configDir, _cwd, _env.GetEnv("HOME"));
        var environment = new PromptEnvironment(
            _cwd,
            addDirs,
            repoRoot is null ? null : GitSummaryReader.Read(_cwd, repoRoot),
            $"{Environment.OSVersion.Platform} ({System.Runtime.InteropServices.RuntimeInformation.OSDescription})",
            _env.GetEnv("SHELL") ?? "/bin/bash",
            DateOnly.FromDateTime(_env.Time.GetLocalNow().DateTime),
            model,
            instructions.Files,
            memory.Enabled ? MemoryPrompt.Build(memory) : null);
        StartupTrace.Mark("environment described");
        var notice = SessionTools.StartupNotice(policy.Context);
        var append = notice is null ? appendPrompt : appendPrompt is null ? notice : appendPrompt + "\n\n" + notice;
        var system = SystemPromptBuilder.Build(environment, systemPrompt, append, extensions.OutputStyleSection, extensions.SkillListing);
        StartupTrace.Mark("system prompt built");
        return (environment, instructions, system);
    }

    /// <summary>The Notification hook when a request starts waiting for the user (not awaited: a slow notifier must not delay the dialog).</summary>
    private static void NotifyWaiting(HookRunner? hooks, string message)
    {
        if (hooks is not null && hooks.Has(HookEvent.Notification))
        {
            _ = hooks.NotificationAsync(message, "Permission needed", "permission_prompt", CancellationToken.None);
        }
    }
}
