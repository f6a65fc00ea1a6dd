using Keel.Anthropic;
using Keel.Cli.Agents;
using Keel.Core.Agent.Subagents;
using Keel.Cli.Arguments;
using Keel.Cli.Hooks;
using Keel.Core.Agent;
using Keel.Core.Compaction;
using Keel.Core.Cost;
using Keel.Core.Hooks;
using Keel.Core.Interaction;
using Keel.Core.Memory;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Prompts;
using Keel.Core.Recovery;
using Keel.Core.Sessions;
using Keel.Core.Settings;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;
using Keel.Tools.Files;
using Keel.Tools.Shell;

namespace Keel.Cli.Composition;

/// <summary>
/// Composes a session by hand (no container): model client, tools, permissions, transcript,
/// system prompt, the loop and the <see cref="Core.Sessions.Session"/> every surface drives. Shared by every surface.
/// </summary>
public sealed class SessionSetup : IAsyncDisposable
{
    private TranscriptWriter? _transcript;

    private SessionSetup(AgentLoop loop, ToolSession tools, PermissionEngine policy, string model, TranscriptWriter? transcript, IReadOnlyList<string> warnings, LoadedSettings settings)
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
    public Session Session { get; private init; } = null!;

    /// <summary>The session's event stream and waiting requests (the asker of its tool calls).</summary>
    public SessionOutbox Outbox { get; private init; } = null!;

    /// <summary>The turn loop behind <see cref="Session"/>, for read-only reports (/context, /cost, init lines).</summary>
    public AgentLoop Loop { get; }

    public ToolSession Tools { get; }

    public PermissionEngine Policy { get; }

    /// <summary>The session's tool-call pipeline: every tool call, from any caller, runs through it.</summary>
    public ToolPipeline Pipeline { get; private init; } = null!;

    /// <summary>Problems with settings files and rules; the surface shows them (headless: stderr).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Every settings layer, for features that read their own keys (hooks, env, model).</summary>
    public LoadedSettings Settings { get; }

    public string Model { get; }

    /// <summary>Skills, output style and what slash commands need (see <see cref="Commands.CommandCatalog"/>).</summary>
    public Commands.SessionExtensions Extensions { get; private init; } = null!;

    /// <summary>Runs subagents; its catalog lists them for /agents, and OnSubagentStop is the SubagentStop hook point.</summary>
    public SubagentRunner? Subagents { get; private init; }

    /// <summary>The session's MCP servers, tools and prompt commands.</summary>
    public Keel.Cli.Mcp.McpSession? Mcp { get; private init; }

    /// <summary>The session's hooks (null: none configured); the surface fires SessionStart/End and Notification.</summary>
    public HookRunner? Hooks { get; private init; }

    /// <summary>Where this session's memory lives and whether auto memory is on.</summary>
    public MemoryLocation Memory { get; private init; } = null!;

    /// <summary>The instruction files loaded at the start and the rules waiting for a matching path.</summary>
    public InstructionSet Instructions { get; private init; } = new([], []);

    /// <summary>Instructions attached to tool results during the session (nested folders, path rules).</summary>
    public NestedInstructions? Nested { get; private init; }

    /// <summary>Background memory extraction (null: auto memory off, or a one-shot run).</summary>
    public MemoryExtractor? MemoryExtraction { get; private init; }

    private TimeSpan _drainLimit;
    private TimeProvider _time = TimeProvider.System;
    private Func<Keel.Cli.Memory.DreamTask?> _startDream = static () => null;
    private Keel.Cli.Memory.DreamTask? _dream;

    /// <summary>
    /// Starts memory consolidation in the background when its gates are open and no other process runs it
    /// (interactive and stream-json sessions call this once, at the start); returns the task id, or null.
    /// </summary>
    public string? StartDream()
    {
        _dream ??= _startDream();
        return _dream?.Id;
    }

    /// <summary>Lets running memory work (extraction, consolidation) finish, bounded, before the session ends and cancels it.</summary>
    public async Task DrainBackgroundMemoryAsync()
    {
        var limit = Task.Delay(_drainLimit, _time);
        await Task.WhenAny(Task.WhenAll(MemoryExtraction?.DrainAsync(_drainLimit) ?? Task.CompletedTask, _dream?.Completion ?? Task.CompletedTask), limit);
    }

    public string SessionId => Loop.SessionId;

    public string? TranscriptPath => _transcript?.Path;

    /// <summary>Builds the session, or returns a message for the user when the options cannot work.</summary>
    /// <param name="options">The parsed command line.</param>
    /// <param name="env">Environment, working directory and clock.</param>
    /// <param name="surface">Who answers requests, whether the project is trusted, and the model client tests inject.</param>
    public static (SessionSetup? Setup, string? Error) Create(CliOptions options, KeelEnvironment env, SessionSurface surface)
    {
        var client = surface.Client;
        var projectTrusted = surface.ProjectTrusted;
        var continuing = surface.Continuing;
        var cwd = env.WorkingDirectory;
        var configDir = KeelPaths.ConfigDirectory(env.GetEnv);
        var projectDir = KeelPaths.ProjectSessionsDirectory(configDir, cwd);

        LoadedSession? loaded = null;
        if (options.Resume is { } resume)
        {
            var path = FindSession(configDir, projectDir, resume);
            if (path is null)
            {
                return (null, $"No session found with id {resume}.");
            }

            loaded = TranscriptReader.Load(path, options.ResumeSessionAt);
            if (options.ResumeSessionAt is { } at && !loaded.ReachedStop)
            {
                return (null, $"--resume-session-at: no message {at} in session {resume}.");
            }
        }
        else if (options.Continue)
        {
            var path = TranscriptReader.FindLatest(projectDir);
            if (path is null)
            {
                return (null, "No conversation found to continue in this directory.");
            }

            loaded = TranscriptReader.Load(path);
        }

        StartupTrace.Mark("transcript loaded");
        var addDirs = new List<string>();
        foreach (var dir in options.AddDirs)
        {
            var full = PathScope.Resolve(dir, cwd);
            if (!Directory.Exists(full))
            {
                return (null, $"--add-dir: {full} is not a directory.");
            }

            addDirs.Add(full);
        }

        // A fork continues the conversation under a new id and leaves the old transcript as it was.
        var forked = loaded is not null && options.ForkSession;
        var sessionId = (forked ? null : loaded?.SessionId) ?? options.SessionId ?? Guid.NewGuid().ToString();
        var toolSession = new ToolSession(cwd, addDirs, Path.Combine(projectDir, sessionId), env.Time);

        if (options.PermissionPromptTool is { } promptTool && promptTool != Headless.StreamInput.StreamInputRunner.StdioPromptTool && !promptTool.StartsWith("mcp__", StringComparison.Ordinal))
        {
            return (null, $"--permission-prompt-tool {promptTool}: use \"stdio\" (an SDK host answers over --input-format stream-json) or an MCP tool name (mcp__server__tool).");
        }

        var warnings = new List<string>();
        warnings.AddRange(options.PluginDirs.Select(static dir => $"--plugin-dir {dir}: Keel does not load plugins yet; ignored"));
        var (policy, settings, policyError) = BuildPermissions(options, env, cwd, configDir, addDirs, warnings);
        if (policy is null)
        {
            return (null, policyError);
        }

        toolSession.Paths = policy.Paths;
        env = env.WithSettingsEnv(settings.Effective.EnvFor(projectTrusted));

        // Precedence as in Claude Code: --model, then ANTHROPIC_MODEL (settings env included), then settings "model".
        var requestedModel = options.Model ?? env.GetEnv("ANTHROPIC_MODEL") ?? settings.Effective.Model;
        var model = ModelCatalog.Resolve(requestedModel);
        var memory = MemoryLocation.Resolve(configDir, cwd, settings, env.GetEnv, warnings);
        if (memory.Enabled)
        {
            policy.Context.SetMemoryDirectories(memory.Directories);
        }

        StartupTrace.Mark("settings and permissions");
        var keyHelper = RecoverySetup.ApiKeyHelper(settings, cwd, env.Time);
        ProviderSetup? providers = null;
        if (client is null)
        {
            var anthropic = AnthropicOptions.FromEnvironment(env.GetEnv) with { UserAgent = $"keel/{KeelVersion.Current}", Credentials = keyHelper };
            anthropic = anthropic with { Betas = [.. anthropic.Betas, .. options.Betas.Except(anthropic.Betas, StringComparer.Ordinal)] };
            if (anthropic.Problem() is { } problem)
            {
                return (null, problem);
            }

            (providers, var providerError) = ProviderSetup.Create(options, requestedModel, env, settings, anthropic, RecoverySetup.Thinking(options, env.GetEnv, settings), warnings);
            if (providers is null)
            {
                return (null, providerError);
            }

            model = providers.Model;
            warnings.AddRange(providers.Notices);
            client = providers.Router;
        }

        var info = ModelCatalog.Get(model);
        var (mcp, mcpError) = Keel.Cli.Mcp.McpSession.Start(options, env, settings, cwd, configDir, toolSession.SessionDirectory, warnings);
        if (mcp is null)
        {
            return (null, mcpError);
        }
        StartupTrace.Mark("mcp configured");
        var fileTools = FileTools.CreateAll();
        var bash = ShellTools.CreateBash(SandboxSetup.For(options.Sandbox, settings, policy, warnings));
        StartupTrace.Mark("tools created");
        var cost = new CostTracker();
        var extensions = Commands.SessionExtensions.Load(cwd, env.GetEnv("HOME"), configDir, settings, warnings);
        IReadOnlyList<ITool> tools = [.. fileTools, bash, new Keel.Tools.Todo.TodoWriteTool(), .. ShellTools.CreateBackgroundTools(), .. Keel.Tools.SessionTools.Create(policy.Context, () => client!, cost, settings, env.GetEnv, env.Time, warnings), .. extensions.CreateTools(policy, bash, () => sessionId), .. mcp.Tools(warnings)];
        policy.Tools.Register(tools);
        warnings.AddRange(policy.RulesGoverningNoTool());
        // Requests: events for a person to answer, or answered here when nobody is there.
        var (prompter, prompterError) = mcp.Prompter(options.PermissionPromptTool, surface.PersonAnswers ? null : new DenyingPrompter(), toolSession);
        if (prompterError is not null)
        {
            mcp.Dispose();
            return (null, prompterError);
        }

        HookRunner? hooks = null;
        var updater = new PermissionUpdater(policy.Context);
        var outbox = new SessionOutbox(new SessionAnswerers(
            prompter is null ? null : new PrompterAsker(prompter),
            surface.PersonAnswers ? null : NoUserInteraction.Instance,
            (tool, facets) => updater.Suggest(tool, facets, toolSession.CurrentDirectory),
            message => NotifyWaiting(hooks, message)));
        toolSession.Interaction = outbox;
        var repoRoot = InstructionFiles.FindRepositoryRoot(cwd);
        var (systemPrompt, appendPrompt, promptError) = SystemPromptFlags.Read(options, cwd);
        if (promptError is not null)
        {
            return (null, promptError);
        }

        var instructions = InstructionFiles.Discover(configDir, cwd, env.GetEnv("HOME"));
        var environment = new PromptEnvironment(
            cwd,
            addDirs,
            repoRoot is null ? null : GitSummaryReader.Read(cwd, repoRoot),
            $"{Environment.OSVersion.Platform} ({System.Runtime.InteropServices.RuntimeInformation.OSDescription})",
            env.GetEnv("SHELL") ?? "/bin/bash",
            DateOnly.FromDateTime(env.Time.GetLocalNow().DateTime),
            model,
            instructions.Files,
            memory.Enabled ? MemoryPrompt.Build(memory) : null);
        StartupTrace.Mark("environment described");
        var system = SystemPromptBuilder.Build(environment, systemPrompt, Keel.Tools.SessionTools.StartupNotice(policy.Context) is { } notice ? (appendPrompt is null ? notice : appendPrompt + "\n\n" + notice) : appendPrompt, extensions.OutputStyleSection, extensions.SkillListing);

        StartupTrace.Mark("system prompt built");
        var thinking = RecoverySetup.Thinking(options, env.GetEnv, settings);
        var maxTokens = ThinkingBudgets.MaxTokensFor(model, Math.Min(info.MaxOutputTokens, 32_000), thinking);

        var caller = new ModelCaller(client, RecoverySetup.Retry(env.GetEnv), env.Time)
        {
            FallbackModels = providers?.FallbackModels ?? (RecoverySetup.FallbackModel(options, settings) is { } fallback ? [fallback] : []),
            Credentials = keyHelper,
            Limits = StreamLimits.FromEnvironment(env.GetEnv),
        };
        var subagents = new SubagentRunner(
            new SubagentParts(caller, client, policy, outbox, toolSession, ToolSelection.Apply(tools, options.Tools, []), system, environment, model, thinking, cost, sessionId, options.NoSessionPersistence ? null : Path.Combine(projectDir, sessionId, "subagents"), configDir, env.GetEnv),
            AgentCatalog.ForSession(cwd, env.GetEnv("HOME"), options.AgentsJson));
        var (main, agentError) = AgentSetup.Configure(subagents, options.Agent, tools, system, model, options.Model is not null || env.GetEnv("ANTHROPIC_MODEL") is not null);
        if (main is null)
        {
            return (null, agentError);
        }

        (tools, system, model) = (main.Tools, main.System, main.Model);
        tools = ToolSelection.Apply(tools, options.Tools, warnings);
        extensions.Invoker.Fork = async (skill, body, token) =>
        {
            var agent = subagents.Catalog.Find("general-purpose")!;
            var id = Guid.NewGuid().ToString("N")[..12];
            var result = await subagents.RunAsync(new SubagentRequest(agent, $"skill {skill.Name}", body, id, $"skill:{skill.Name}", 1, skill.Model), token);
            return result.IsError ? $"The subagent failed: {result.Text}" : result.Text;
        };
        warnings.AddRange(subagents.Catalog.Warnings);
        var agentOptions = new AgentOptions(model, tools, system, maxTokens, options.MaxTurns, thinking) { MaxBudgetUsd = options.MaxBudgetUsd };

        StartupTrace.Mark("client created");
        TranscriptWriter? transcript = null;
        ISessionRecorder recorder = NullSessionRecorder.Instance;
        if (!options.NoSessionPersistence)
        {
            transcript = new TranscriptWriter(forked ? Path.Combine(projectDir, sessionId + ".jsonl") : loaded?.Path ?? Path.Combine(projectDir, sessionId + ".jsonl"), sessionId, cwd, KeelVersion.Current, env.Time, forked ? null : loaded?.LastUuid);
            recorder = transcript;
            if (loaded is not null && (forked || options.ResumeSessionAt is not null))
            {
                // The new file starts with, or the old one goes on from, exactly the conversation resumed: -c and -r restore it, not what followed.
                transcript.RecordConversationReset(new ConversationReset(ConversationReset.Resume, loaded.Messages, loaded.SessionId));
            }

            else if (loaded?.TrailingRepair is { } repair)
            {
                // The repair is not only in memory: the file gets the results too, so it is valid on disk.
                transcript.RecordUser(repair);
            }
        }

        hooks = HookSetup.Create(settings, projectTrusted, env, sessionId, transcript?.Path, recorder, policy, () => toolSession.CurrentDirectory, warnings);
        var nested = new NestedInstructions(cwd, instructions, env.GetEnv("HOME"));
        var pipeline = new ToolPipeline(new ToolPipelineParts(tools, policy, outbox, toolSession) { Memory = updater, Hooks = hooks, ResultAttachments = new ResultAttachmentsChain([nested, new Keel.Core.Skills.ConditionalSkills(extensions.Skills, cwd, env.GetEnv("HOME"))]) });
        var runner = new ToolRunner(pipeline);
        subagents.Pipeline = pipeline;
        extensions.Invoker.Hooks = hooks;
        if (hooks is not null)
        {
            subagents.OnSubagentStop = (stopped, token) => hooks.SubagentStopAsync(stopped.AgentType, stopped.TranscriptPath, false, stopped.LastAssistantMessage, token);
        }

        StartupTrace.Mark("transcript opened");
        var extractor = Keel.Cli.Memory.MemorySetup.Extractor(memory, !continuing, () => client, cost, env.Time);
        var loop = new AgentLoop(agentOptions, caller, runner, policy, recorder, cost, sessionId, loaded?.Messages)
        {
            Background = toolSession.Background,
            Compaction = new ContextCompactor(client, new CompactionSettings(ModelCatalog.ContextWindowFor(model, env.GetEnv)), toolSession, recorder, cost, env.Time) { Hooks = hooks },
            Hooks = hooks,
            Attachments = Keel.Cli.Memory.MemorySetup.Recall(memory, () => client, cost, settings, env.GetEnv, env.Time),
            FollowUp = extractor,
        };
        loop.Compaction.Attachments.Add(toolSession.Todos);
        extensions.Attach(loop.Compaction);
        StartupTrace.Mark("loop created (tool schemas)");
        var session = new Session(loop, outbox, new SessionOptions(policy, toolSession.Background));
        return (new SessionSetup(loop, toolSession, policy, model, transcript, warnings, settings) { Session = session, Outbox = outbox, Extensions = extensions, Subagents = subagents, Mcp = mcp, Hooks = hooks, Pipeline = pipeline, Memory = memory, MemoryExtraction = extractor, Instructions = instructions, Nested = nested, _drainLimit = Keel.Cli.Memory.MemorySetup.DrainLimit(env.GetEnv), _time = env.Time,
            _startDream = () => Keel.Cli.Memory.DreamTask.TryStart(memory, projectDir, sessionId, caller, model, tools, policy.Context, cost, toolSession.Background, env.Time) }, null);
    }

    private static (PermissionEngine? Engine, LoadedSettings Settings, string? Error) BuildPermissions(
        CliOptions options, KeelEnvironment env, string cwd, string configDir, IReadOnlyList<string> addDirs, List<string> warnings)
    {
        var at = SettingsLocations.ForProcess(env.GetEnv, cwd, options.Settings) with { KeelConfigDirectory = configDir, Sources = options.SettingSources, ManagedJson = options.ManagedSettings };
        if (options.Settings is { } flag && !flag.TrimStart().StartsWith('{') && !File.Exists(Path.GetFullPath(flag, cwd)))
        {
            return (null, LoadedSettings.Empty, $"--settings: {Path.GetFullPath(flag, cwd)} does not exist.");
        }

        var settings = SettingsLoader.Load(at);
        warnings.AddRange(settings.Warnings.Select(static w => w.ToString()));
        var cliRules = PermissionSetup.CliRules(
            [.. options.DisallowedTools.Select(static t => (t, PermissionBehavior.Deny)), .. options.AllowedTools.Select(static t => (t, PermissionBehavior.Allow))],
            at.ProjectDirectory,
            warnings);
        var (engine, error) = PermissionSetup.Build(settings, at, options.PermissionMode, cliRules, addDirs, warnings);
        return (engine, settings, error);
    }

    /// <summary>The Notification hook when a request starts waiting for the user (not awaited: a slow notifier must not delay the dialog).</summary>
    private static void NotifyWaiting(HookRunner? hooks, string message)
    {
        if (hooks is not null && hooks.Has(HookEvent.Notification))
        {
            _ = hooks.NotificationAsync(message, "Permission needed", "permission_prompt", CancellationToken.None);
        }
    }

    /// <summary>Ends the session: the pump stops, background tasks stop, then the transcript, subagents, MCP servers and memory work.</summary>
    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await Tools.Background.DisposeAsync();
        _transcript?.Dispose();
        _transcript = null;
        Subagents?.Dispose();
        Mcp?.Dispose();
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

    private static string? FindSession(string configDir, string projectDir, string idOrPath)
    {
        if (idOrPath.EndsWith(".jsonl", StringComparison.Ordinal) && File.Exists(idOrPath))
        {
            return Path.GetFullPath(idOrPath);
        }

        var local = Path.Combine(projectDir, idOrPath + ".jsonl");
        if (File.Exists(local))
        {
            return local;
        }

        // A session started in another directory can still be resumed by id.
        var projects = Path.Combine(configDir, "projects");
        return Directory.Exists(projects)
            ? Directory.EnumerateFiles(projects, idOrPath + ".jsonl", SearchOption.AllDirectories).FirstOrDefault()
            : null;
    }
}
