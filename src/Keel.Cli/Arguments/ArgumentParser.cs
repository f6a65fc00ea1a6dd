using System.Text.RegularExpressions;
using Keel.Core.Permissions;

namespace Keel.Cli.Arguments;

/// <summary>
/// Parses the command line the way users of Claude Code write it. Hand-rolled: it costs
/// nothing at startup. Returns an error message instead of throwing.
/// </summary>
public static partial class ArgumentParser
{
    public static (CliOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var o = new CliOptions();
        var allowed = new List<string>();
        var disallowed = new List<string>();
        var addDirs = new List<string>();
        var mcpConfigs = new List<string>();
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 2)
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string? Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                return i + 1 < args.Count ? args[++i] : null;
            }

            switch (arg)
            {
                case "-p" or "--print":
                    o = o with { Print = true };
                    break;
                case "-v" or "--version":
                    o = o with { ShowVersion = true };
                    break;
                case "-h" or "--help":
                    o = o with { ShowHelp = true };
                    break;
                case "--verbose":
                    o = o with { Verbose = true };
                    break;
                case "--include-partial-messages":
                    o = o with { IncludePartialMessages = true };
                    break;
                case "-c" or "--continue":
                    o = o with { Continue = true };
                    break;
                case "--no-session-persistence":
                    o = o with { NoSessionPersistence = true };
                    break;
                case "--dangerously-skip-permissions":
                    o = o with { PermissionMode = PermissionMode.BypassPermissions };
                    break;
                case "-r" or "--resume":
                    if (Value() is not { } resume)
                    {
                        return (null, "--resume needs a session id");
                    }

                    o = o with { Resume = resume };
                    break;
                case "-w" or "--worktree":
                    // The name is optional: the next word is taken only when it looks like a name, not a prompt or a flag.
                    if (inlineValue is not null)
                    {
                        o = o with { Worktree = inlineValue };
                    }
                    else if (i + 1 < args.Count && Keel.Cli.Worktrees.GitWorktrees.IsValidName(args[i + 1]))
                    {
                        o = o with { Worktree = args[++i] };
                    }
                    else
                    {
                        o = o with { Worktree = string.Empty };
                    }

                    break;
                case "--rewind-files":
                    if (Value() is not { Length: > 0 } rewindTo)
                    {
                        return (null, "--rewind-files needs the id of a user message (a prompt) of the session given with -r or -c");
                    }

                    o = o with { RewindFiles = rewindTo };
                    break;
                case "--session-id":
                    if (Value() is not { } sid || !Guid.TryParse(sid, out _))
                    {
                        return (null, "--session-id needs a UUID");
                    }

                    o = o with { SessionId = sid };
                    break;
                case "--output-format":
                    switch (Value())
                    {
                        case "text": o = o with { OutputFormat = OutputFormat.Text }; break;
                        case "json": o = o with { OutputFormat = OutputFormat.Json }; break;
                        case "stream-json": o = o with { OutputFormat = OutputFormat.StreamJson }; break;
                        case var other: return (null, $"--output-format must be text, json or stream-json (got '{other}')");
                    }

                    break;
                case "--input-format":
                    var format = Value();
                    if (format is not ("text" or "stream-json"))
                    {
                        return (null, $"--input-format must be text or stream-json (got '{format}')");
                    }

                    o = o with { InputFormat = format };
                    break;
                case "--max-turns":
                    if (!int.TryParse(Value(), out var turns) || turns < 1)
                    {
                        return (null, "--max-turns needs a positive number");
                    }

                    o = o with { MaxTurns = turns };
                    break;
                case "--max-thinking-tokens":
                    if (!int.TryParse(Value(), out var thinking) || thinking < 0)
                    {
                        return (null, "--max-thinking-tokens needs a number");
                    }

                    o = o with { MaxThinkingTokens = thinking };
                    break;
                case "--effort":
                    var effort = Value();
                    if (effort is not ("low" or "medium" or "high" or "xhigh" or "max"))
                    {
                        return (null, $"--effort must be low, medium, high, xhigh or max (got '{effort}')");
                    }

                    o = o with { Effort = effort };
                    break;
                case "--fallback-model":
                    if (Value() is not { Length: > 0 } fallbackModel)
                    {
                        return (null, "--fallback-model needs a model name or alias (sonnet, opus, haiku)");
                    }

                    o = o with { FallbackModel = fallbackModel };
                    break;
                case "--provider":
                    if (Value() is not { Length: > 0 } provider)
                    {
                        return (null, "--provider needs a provider name (anthropic, bedrock, vertex, openai, openrouter, ollama, lmstudio, llamacpp, vllm, or one from settings)");
                    }

                    o = o with { Provider = provider };
                    break;
                case "--max-budget-usd":
                    if (!decimal.TryParse(Value(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var budgetUsd) || budgetUsd <= 0)
                    {
                        return (null, "--max-budget-usd needs a positive amount in US dollars, e.g. 0.50");
                    }

                    o = o with { MaxBudgetUsd = budgetUsd };
                    break;
                case "--model":
                    o = o with { Model = Value() ?? string.Empty };
                    if (o.Model!.Length == 0)
                    {
                        return (null, "--model needs a model name or alias (sonnet, opus, haiku)");
                    }

                    break;
                case "--system-prompt":
                    o = o with { SystemPrompt = Value() };
                    break;
                case "--append-system-prompt":
                    o = o with { AppendSystemPrompt = Value() };
                    break;
                case "--system-prompt-file":
                    o = o with { SystemPromptFile = Value() ?? string.Empty };
                    break;
                case "--append-system-prompt-file":
                    o = o with { AppendSystemPromptFile = Value() ?? string.Empty };
                    break;
                case "--permission-mode":
                    var modeText = Value();
                    if (modeText == "auto")
                    {
                        return (null, "--permission-mode auto: Keel has no auto mode (a classifier that approves calls) yet; use default, acceptEdits, plan, dontAsk or bypassPermissions");
                    }

                    if (PermissionModes.Parse(modeText) is not { } mode)
                    {
                        return (null, $"--permission-mode must be one of {PermissionModes.AllNames} (got '{modeText}')");
                    }

                    o = o with { PermissionMode = mode };
                    break;
                case "--allowedTools" or "--allowed-tools":
                    if (!TakeRules(args, ref i, inlineValue, allowed))
                    {
                        return (null, $"{arg} needs at least one tool rule");
                    }

                    break;
                case "--disallowedTools" or "--disallowed-tools":
                    if (!TakeRules(args, ref i, inlineValue, disallowed))
                    {
                        return (null, $"{arg} needs at least one tool rule");
                    }

                    break;
                case "--settings":
                    if (Value() is not { Length: > 0 } settings)
                    {
                        return (null, "--settings needs a settings file or a JSON object");
                    }

                    o = o with { Settings = settings };
                    break;
                case "--permission-prompt-tool":
                    if (Value() is not { Length: > 0 } promptTool)
                    {
                        return (null, "--permission-prompt-tool needs an MCP tool name");
                    }

                    o = o with { PermissionPromptTool = promptTool };
                    break;
                case "--agents":
                    if (Value() is not { } agentsJson)
                    {
                        return (null, "--agents needs a JSON object of agent definitions");
                    }

                    o = o with { AgentsJson = agentsJson };
                    break;
                case "--agent":
                    if (Value() is not { } agentName)
                    {
                        return (null, "--agent needs an agent name");
                    }

                    o = o with { Agent = agentName };
                    break;
                case "--debug" or "-d":
                    o = o with { Debug = inlineValue ?? (i + 1 < args.Count && LooksLikeDebugFilter().IsMatch(args[i + 1]) ? args[++i] : string.Empty) };
                    break;
                case "--sandbox":
                    o = o with { Sandbox = true };
                    break;
                case "--mcp-config":
                    if (!Mcp.McpFlags.TakeConfigs(args, ref i, inlineValue, mcpConfigs))
                    {
                        return (null, "--mcp-config needs a JSON file or a JSON object");
                    }

                    break;
                case "--strict-mcp-config":
                    o = o with { StrictMcpConfig = true };
                    break;
                case "--add-dir":
                    if (Value() is not { } dir)
                    {
                        return (null, "--add-dir needs a directory");
                    }

                    addDirs.Add(dir);
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal) && HostFlags.IsHostFlag(arg))
                    {
                        if (HostFlags.Apply(arg, inlineValue, args, ref i, ref o) is { } hostError)
                        {
                            return (null, hostError);
                        }

                        break;
                    }

                    if (arg.StartsWith('-') && arg.Length > 1)
                    {
                        return (null, $"unknown option '{arg}' (see keel --help)");
                    }

                    // An empty word is never a prompt: the ACP adapter passes `--replay-user-messages ""`.
                    if (arg.Length > 0)
                    {
                        positional.Add(arg);
                    }
                    break;
            }
        }

        if (SystemPromptFlags.Conflict(o) is { } conflict)
        {
            return (null, conflict);
        }

        if (HostFlags.Conflict(o) is { } hostConflict)
        {
            return (null, hostConflict);
        }

        var prompt = positional.Count > 0 ? string.Join(' ', positional) : null;
        return (o with { Prompt = prompt, AllowedTools = allowed, DisallowedTools = disallowed, AddDirs = addDirs, McpConfigs = mcpConfigs }, null);
    }

    /// <summary>
    /// Rule flags take several values. A following word is a rule only if it looks like one
    /// (<c>Edit</c>, <c>Bash(git log:*)</c>, comma lists), so a prompt after the flag stays the prompt.
    /// </summary>
    private static bool TakeRules(IReadOnlyList<string> args, ref int i, string? inlineValue, List<string> into)
    {
        if (inlineValue is not null)
        {
            into.AddRange(ToolRule.ParseList(inlineValue).Select(static r => r.Text));
            return true;
        }

        var took = false;
        while (i + 1 < args.Count && LooksLikeRuleList().IsMatch(args[i + 1]))
        {
            into.AddRange(ToolRule.ParseList(args[++i]).Select(static r => r.Text));
            took = true;
        }

        return took;
    }

    // Tool names are PascalCase (Read, Bash) or mcp__server__tool; prose words are not.
    [GeneratedRegex(@"^\s*([A-Z]\w*|mcp__[\w-]+)(\([^)]*\))?\s*([,\s]\s*([A-Z]\w*|mcp__[\w-]+)(\([^)]*\))?\s*)*$")]
    private static partial Regex LooksLikeRuleList();

    // Only known category names are taken as the --debug filter, so a prompt after --debug stays the prompt.
    [GeneratedRegex(@"^!?(api|hooks|mcp|permissions|file|statsig|tools|startup)(,!?(api|hooks|mcp|permissions|file|statsig|tools|startup))*$")]
    private static partial Regex LooksLikeDebugFilter();
}
