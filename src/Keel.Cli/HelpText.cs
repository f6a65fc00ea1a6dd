namespace Keel.Cli;

internal static class HelpText
{
    public const string Text = """
        Usage: keel [options] [prompt]
               keel permissions check --tool <Tool> --input <json> [options]   (see keel permissions --help)
               keel memory list|show [name]|forget <name>                     (this project's memory)
               keel mcp add|list|get|remove|serve                             (MCP servers; see keel mcp --help)
               keel acp [options]                      Agent Client Protocol on stdio, for Zed and other editors
               keel doctor                             Check settings, credentials, API, MCP servers, sandbox, terminal
               keel auth status [--json]               Which credentials Keel uses (exit 1 when none)
               keel config get <key> | list | set|unset [--global|--project|--local] <key> [value]
               keel agents                             List the built-in and custom subagents
               keel completion bash|zsh|fish           Print a shell completion script
               keel update                             Print how to update this installation

        Keel is a coding agent for your terminal. Run keel for an interactive session (type /help there),
        or run a task headless with -p.

        Options:
          -p, --print                      Run the prompt, print the result and exit
          --output-format <format>         text (default), json, or stream-json (needs --verbose)
          --input-format <format>          text (default), or stream-json (JSON lines on stdin, for SDK hosts)
          --verbose                        More detail (required for stream-json)
          --debug [hooks]                  Print every hook invocation to stderr
          --include-partial-messages       With stream-json: also emit raw stream events
          --model <model>                  Model id or alias: sonnet, opus, haiku, or provider/model
          --fallback-model <model>         Switch to this model after repeated overload errors
          --provider <name>                Where unqualified models go: anthropic, bedrock, vertex, openai,
                                           openrouter, ollama, lmstudio, llamacpp, vllm, or one from settings
          --max-turns <n>                  Stop after n model responses
          --max-budget-usd <amount>        Never send a request whose worst-case cost would pass this total
          --max-thinking-tokens <n>        Enable extended thinking with this budget
          --effort <level>                 Thinking effort: low, medium, high or max
          --system-prompt <text>           Replace the built-in system prompt
          --append-system-prompt <text>    Add text to the end of the system prompt
          --system-prompt-file <file>      Replace the built-in system prompt with a file's text
          --append-system-prompt-file <file>  Add a file's text to the end of the system prompt
          --allowedTools <rules...>        Allow tools without asking, e.g. "Edit" "Bash(git diff:*)" (also --allowed-tools)
          --disallowedTools <rules...>     Deny tools; a bare name removes the tool entirely (also --disallowed-tools)
          --tools <names>                  Offer only these built-in tools ("" none, default all); MCP tools stay
          --permission-mode <mode>         default, acceptEdits, plan, dontAsk, bypassPermissions
          --dangerously-skip-permissions   Same as --permission-mode bypassPermissions
          --add-dir <dir>                  Another directory the tools may work in
          --settings <file-or-json>        Extra settings (above project and user settings)
          --sandbox                        Run Bash inside bubblewrap (read-only root, no network)
          --mcp-config <files-or-json...>  MCP servers from these files or JSON strings ({"mcpServers":{...}})
          --strict-mcp-config              Use only --mcp-config servers, ignoring every other MCP configuration
          --agents <json>                  Extra subagents: {"name":{"description":..,"prompt":..,"tools":[..]}}
          --agent <name>                   Run the main conversation as this agent
          --permission-prompt-tool <tool>  stdio (the SDK host answers, stream-json input) or mcp__server__tool
          -c, --continue                   Continue the most recent session in this directory
          -r, --resume <session-id>        Resume a session by id
          -w, --worktree [name]            Work in a new git worktree (.keel/worktrees/<name>, branch worktree-<name>);
                                           removed on exit when nothing changed, else kept and named
          --rewind-files <message-id>      With -r/-c: put files back as they were before that prompt, then exit
          --session-id <uuid>              Use this id for a new session
          --fork-session                   With -c/-r: continue in a new session, leaving the old one as it was
          --resume-session-at <message-id> With -r: resume from this assistant message, dropping what came after
          --no-session-persistence         Do not write a transcript
          --debug-file <path>              Write debug lines to this file instead of stderr

        Options SDK hosts and editors pass (also accepted as --flag=value):
          --setting-sources <list>         Read only these settings files: user, project, local
          --managed-settings <json>        Policy settings above every other source
          --thinking <mode>                adaptive, enabled or disabled
          --thinking-display <mode>        summarized or omitted
          --betas <list>                   Extra anthropic-beta header values
          --permission-prompts <who>       host: the SDK host answers permission requests
          --replay-user-messages           Echo each stdin user message back before its turn (stream-json)
          --include-hook-events            Emit hook start and response lines (stream-json)
          --await-initialize               Wait for the host's initialize request before the first turn
          --json-schema <schema>           Structured output: the result carries JSON valid against this schema
          --allow-dangerously-skip-permissions, --plugin-dir, --task-budget, --session-mirror, --channels,
          --project-config-root, --initialize-fields, --debug-to-stderr, --managed-settings-in-initialize,
          --plugin-dir-no-mcp, --resume-drops-turn: accepted; see the README for what each does

          -v, --version                    Print the version
          -h, --help                       Show this help

        Environment:
          ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, ANTHROPIC_BASE_URL, ANTHROPIC_MODEL,
          KEEL_CONFIG_DIR (default ~/.keel), BASH_DEFAULT_TIMEOUT_MS, BASH_MAX_TIMEOUT_MS,
          KEEL_MAX_RETRIES, KEEL_STREAM_IDLE_TIMEOUT_MS (default 45000), KEEL_FIRST_BYTE_TIMEOUT_MS (default 60000),
          KEEL_ATTEMPT_TIMEOUT_MS, KEEL_OUTPUT_CHARS_PER_TOKEN (default 64), KEEL_TRACE_STARTUP=1

        Settings are read from /etc/keel/managed-settings.json, --settings, .keel/settings.local.json,
        .keel/settings.json, ~/.keel/settings.json and their .claude/ equivalents.

        """;
}
