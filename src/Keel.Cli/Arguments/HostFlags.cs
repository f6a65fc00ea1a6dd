namespace Keel.Cli.Arguments;

/// <summary>
/// The flags programs that drive an agent pass (the Agent SDK, ACP adapters; see
/// shared/reference/agent-sdk-and-acp-facts.md §1), kept apart from the flags people type.
/// Each either takes effect or is accepted on purpose because it concerns a vendor service
/// Keel does not have; README's "Flags for SDK hosts" lists which.
/// </summary>
internal static class HostFlags
{
    /// <summary>Accepted and ignored: vendor services (session mirroring, channels, remote config roots) and switches that only matter to the reference client's own start-up.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "--allow-dangerously-skip-permissions", "--session-mirror", "--debug-to-stderr", "--managed-settings-in-initialize",
    };

    /// <summary>Accepted and ignored, with a value.</summary>
    private static readonly HashSet<string> IgnoredWithValue = new(StringComparer.Ordinal)
    {
        "--channels", "--project-config-root", "--task-budget", "--initialize-fields", "--resume-drops-turn",
    };

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "--tools", "--setting-sources", "--thinking", "--thinking-display", "--betas", "--debug-file", "--fork-session",
        "--resume-session-at", "--managed-settings", "--replay-user-messages", "--include-hook-events", "--await-initialize",
        "--plugin-dir", "--plugin-dir-no-mcp", "--permission-prompts", "--json-schema",
    };

    public static bool IsHostFlag(string flag) => Known.Contains(flag) || Ignored.Contains(flag) || IgnoredWithValue.Contains(flag);

    /// <summary>Applies one host flag; returns an error message for a bad value.</summary>
    public static string? Apply(string flag, string? inlineValue, IReadOnlyList<string> args, ref int i, ref CliOptions o)
    {
        if (Ignored.Contains(flag))
        {
            return null;
        }

        // A value may be empty (--tools= and --setting-sources= mean "none"), so only a missing one is an error.
        string? value = inlineValue;
        bool TakeValue(ref int at)
        {
            if (value is not null)
            {
                return true;
            }

            if (at + 1 < args.Count)
            {
                value = args[++at];
                return true;
            }

            return false;
        }

        switch (flag)
        {
            case "--fork-session":
                o = o with { ForkSession = true };
                return null;
            case "--replay-user-messages":
                o = o with { ReplayUserMessages = true };
                return null;
            case "--include-hook-events":
                o = o with { IncludeHookEvents = true };
                return null;
            case "--await-initialize":
                o = o with { AwaitInitialize = true };
                return null;
        }

        if (!TakeValue(ref i))
        {
            return $"{flag} needs a value";
        }

        var text = value!;
        switch (flag)
        {
            case "--tools":
                o = o with { Tools = text.Trim() == "default" ? null : SplitList(text) };
                return null;
            case "--setting-sources":
                var sources = SplitList(text);
                if (sources.FirstOrDefault(static s => s is not ("user" or "project" or "local")) is { } bad)
                {
                    return $"--setting-sources takes user, project and local (got '{bad}')";
                }

                o = o with { SettingSources = sources.ToHashSet(StringComparer.Ordinal) };
                return null;
            case "--thinking":
                switch (text)
                {
                    case "disabled":
                        o = o with { MaxThinkingTokens = 0 };
                        return null;
                    case "adaptive" or "enabled":
                        o = o with { Effort = o.Effort ?? "high" };
                        return null;
                    default:
                        return $"--thinking must be adaptive, enabled or disabled (got '{text}')";
                }

            case "--thinking-display":
                if (text is not ("summarized" or "omitted"))
                {
                    return $"--thinking-display must be summarized or omitted (got '{text}')";
                }

                o = o with { ThinkingDisplay = text };
                return null;
            case "--betas":
                o = o with { Betas = [.. o.Betas, .. SplitList(text)] };
                return null;
            case "--debug-file":
                if (text.Length == 0)
                {
                    return "--debug-file needs a file path";
                }

                o = o with { DebugFile = text, Debug = o.Debug ?? string.Empty };
                return null;
            case "--resume-session-at":
                if (!Guid.TryParse(text, out _))
                {
                    return "--resume-session-at needs a message UUID";
                }

                o = o with { ResumeSessionAt = text };
                return null;
            case "--managed-settings":
                if (!text.TrimStart().StartsWith('{'))
                {
                    return "--managed-settings needs a JSON object";
                }

                o = o with { ManagedSettings = text };
                return null;
            case "--plugin-dir" or "--plugin-dir-no-mcp":
                o = o with { PluginDirs = [.. o.PluginDirs, text] };
                return null;
            case "--permission-prompts":
                switch (text)
                {
                    case "host":
                        o = o with { PermissionPromptTool = o.PermissionPromptTool ?? Headless.StreamInput.StreamInputRunner.StdioPromptTool };
                        return null;
                    case "none":
                        return null;
                    default:
                        return $"--permission-prompts must be host or none (got '{text}')";
                }

            case "--json-schema":
                try
                {
                    using var schema = System.Text.Json.JsonDocument.Parse(text);
                    if (schema.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
                    {
                        return "--json-schema needs a JSON schema object";
                    }
                }
                catch (System.Text.Json.JsonException ex)
                {
                    return $"--json-schema is not valid JSON: {ex.Message}";
                }

                o = o with { JsonSchema = text };
                return null;
            default:
                // The ignored flags with a value.
                return null;
        }
    }

    /// <summary>Flags that only make sense together, checked once everything is parsed.</summary>
    public static string? Conflict(CliOptions o)
    {
        if (o.ResumeSessionAt is not null && o.Resume is null)
        {
            return "--resume-session-at needs --resume";
        }

        if (o.ForkSession && o.Resume is null && !o.Continue)
        {
            return "--fork-session needs --resume or --continue";
        }

        if (o.AwaitInitialize && o.InputFormat != "stream-json")
        {
            return "--await-initialize needs --input-format stream-json";
        }

        return null;
    }

    private static List<string> SplitList(string text) =>
        [.. text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
