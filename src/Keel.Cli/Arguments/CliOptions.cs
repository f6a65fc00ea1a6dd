using Keel.Core.Permissions;

namespace Keel.Cli.Arguments;

/// <summary>Everything the command line said, before any of it is acted on.</summary>
public sealed record CliOptions
{
    public bool Print { get; init; }

    public string? Prompt { get; init; }

    public OutputFormat OutputFormat { get; init; } = OutputFormat.Text;

    public string InputFormat { get; init; } = "text";

    public bool Verbose { get; init; }

    public bool IncludePartialMessages { get; init; }

    public int? MaxTurns { get; init; }

    public string? Model { get; init; }

    public string? SystemPrompt { get; init; }

    public string? AppendSystemPrompt { get; init; }

    /// <summary>--system-prompt-file: read the replacement system prompt from this file.</summary>
    public string? SystemPromptFile { get; init; }

    /// <summary>--append-system-prompt-file: read the text to append to the system prompt from this file.</summary>
    public string? AppendSystemPromptFile { get; init; }

    public IReadOnlyList<string> AllowedTools { get; init; } = [];

    public IReadOnlyList<string> DisallowedTools { get; init; } = [];

    /// <summary>The mode from --permission-mode or --dangerously-skip-permissions; null when not given (settings decide).</summary>
    public PermissionMode? PermissionMode { get; init; }

    /// <summary>--settings: a settings file path or inline JSON.</summary>
    public string? Settings { get; init; }

    /// <summary>--permission-prompt-tool: the MCP tool that answers permission prompts headless.</summary>
    public string? PermissionPromptTool { get; init; }

    /// <summary>--sandbox: run Bash inside the sandbox.</summary>
    public bool Sandbox { get; init; }

    public bool Continue { get; init; }

    public string? Resume { get; init; }

    public string? SessionId { get; init; }

    public bool NoSessionPersistence { get; init; }

    public IReadOnlyList<string> AddDirs { get; init; } = [];

    public int? MaxThinkingTokens { get; init; }

    /// <summary>--effort low|medium|high: a thinking budget (ThinkingBudgets).</summary>
    public string? Effort { get; init; }

    /// <summary>--fallback-model: used for the rest of the session after repeated overload.</summary>
    public string? FallbackModel { get; init; }

    /// <summary>--provider: the provider that unqualified model ids go to (a built-in or one from settings).</summary>
    public string? Provider { get; init; }

    /// <summary>--max-budget-usd: no new request once the session has cost this much.</summary>
    public decimal? MaxBudgetUsd { get; init; }

    /// <summary>--agents: JSON object of extra agent definitions for this session.</summary>
    public string? AgentsJson { get; init; }

    /// <summary>--agent: the main conversation runs as this agent (its prompt, tools and model).</summary>
    public string? Agent { get; init; }

    /// <summary>--mcp-config: MCP server files or inline JSON objects for this session.</summary>
    public IReadOnlyList<string> McpConfigs { get; init; } = [];

    /// <summary>--strict-mcp-config: only the servers from --mcp-config.</summary>
    public bool StrictMcpConfig { get; init; }

    /// <summary><c>--debug [categories]</c>: null when off, empty for everything, else e.g. <c>hooks</c> or <c>api,hooks</c>.</summary>
    public string? Debug { get; init; }

    /// <summary>--tools: the built-in tools the model is offered (null: all; empty: none). MCP tools are not affected.</summary>
    public IReadOnlyList<string>? Tools { get; init; }

    /// <summary>--setting-sources: which settings files load (user, project, local); null: all. Managed and --settings always load.</summary>
    public IReadOnlySet<string>? SettingSources { get; init; }

    /// <summary>--thinking-display summarized|omitted: sent as <c>thinking.display</c>.</summary>
    public string? ThinkingDisplay { get; init; }

    /// <summary>--betas: extra <c>anthropic-beta</c> values for Anthropic API requests.</summary>
    public IReadOnlyList<string> Betas { get; init; } = [];

    /// <summary>--debug-file: debug output goes to this file instead of stderr.</summary>
    public string? DebugFile { get; init; }

    /// <summary>--fork-session: a resumed conversation continues under a new session id; the old transcript is left as it was.</summary>
    public bool ForkSession { get; init; }

    /// <summary>--resume-session-at: resume only up to (and including) this message id.</summary>
    public string? ResumeSessionAt { get; init; }

    /// <summary>--managed-settings: inline managed (policy) settings JSON, highest precedence.</summary>
    public string? ManagedSettings { get; init; }

    /// <summary>--replay-user-messages: stream-json input's user messages are echoed on stdout.</summary>
    public bool ReplayUserMessages { get; init; }

    /// <summary>--include-hook-events: stream-json output carries hook start and response events.</summary>
    public bool IncludeHookEvents { get; init; }

    /// <summary>--await-initialize: with stream-json input, the first line must be the initialize request.</summary>
    public bool AwaitInitialize { get; init; }

    /// <summary>--json-schema: the final answer is structured data matching this JSON schema (the result's <c>structured_output</c>).</summary>
    public string? JsonSchema { get; init; }

    /// <summary>--plugin-dir values (Keel has no plugins yet; each is reported as ignored).</summary>
    public IReadOnlyList<string> PluginDirs { get; init; } = [];

    /// <summary>--rewind-files: put the files back as they were before this prompt of the resumed session, then exit.</summary>
    public string? RewindFiles { get; init; }

    /// <summary>-w/--worktree [name]: run in a new git worktree; empty: a generated name; null: no worktree.</summary>
    public string? Worktree { get; init; }

    public bool ShowVersion { get; init; }

    public bool ShowHelp { get; init; }
}
