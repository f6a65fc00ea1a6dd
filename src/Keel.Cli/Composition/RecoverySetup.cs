using System.Globalization;
using Keel.Cli.Arguments;
using Keel.Core.Agent;
using Keel.Core.Cost;
using Keel.Core.Model;
using Keel.Core.Recovery;
using Keel.Core.Settings;

namespace Keel.Cli.Composition;

/// <summary>The recovery and thinking settings of a session, read from flags, environment and settings.</summary>
internal static class RecoverySetup
{
    /// <summary>--fallback-model, else the <c>fallbackModel</c> setting; null when neither is set.</summary>
    public static string? FallbackModel(CliOptions options, LoadedSettings settings)
    {
        var name = options.FallbackModel ?? settings.Effective.FallbackModel;
        return string.IsNullOrWhiteSpace(name) ? null : ModelCatalog.Resolve(name);
    }

    /// <summary>
    /// The <c>apiKeyHelper</c> command, taken only from settings the user controls (user, managed,
    /// --settings): a cloned repository's project settings must not get to run commands at startup.
    /// </summary>
    public static ApiKeyHelper? ApiKeyHelper(LoadedSettings settings, string cwd, TimeProvider time)
    {
        return settings.Effective.ApiKeyHelper is { } command ? new ApiKeyHelper(command, cwd, time) : null;
    }

    /// <summary>
    /// Thinking from, in order: <c>--max-thinking-tokens</c> (a fixed budget), <c>--effort</c>,
    /// <c>MAX_THINKING_TOKENS</c>, the <c>effortLevel</c> setting. An effort becomes adaptive thinking
    /// on models that support it and the matching fixed budget on others; 0 tokens turns thinking off.
    /// </summary>
    public static ThinkingConfig? Thinking(CliOptions options, Func<string, string?> getEnv, LoadedSettings? settings = null)
    {
        var thinking = Chosen(options, getEnv, settings);
        return thinking is not null && options.ThinkingDisplay is { } display ? thinking with { Display = display } : thinking;
    }

    private static ThinkingConfig? Chosen(CliOptions options, Func<string, string?> getEnv, LoadedSettings? settings)
    {
        if (options.MaxThinkingTokens is { } flagBudget)
        {
            return flagBudget > 0 ? new ThinkingConfig(flagBudget) : null;
        }

        if (ThinkingBudgets.ForEffort(options.Effort) is not null)
        {
            return ThinkingConfig.Adaptive(options.Effort!.Trim().ToLowerInvariant());
        }

        if (int.TryParse(getEnv("MAX_THINKING_TOKENS"), NumberStyles.None, CultureInfo.InvariantCulture, out var envBudget))
        {
            return envBudget > 0 ? new ThinkingConfig(envBudget) : null;
        }

        var setting = settings?.Effective.EffortLevel;
        return ThinkingBudgets.ForEffort(setting) is not null ? ThinkingConfig.Adaptive(setting!.Trim().ToLowerInvariant()) : null;
    }

    public static RetryPolicy Retry(Func<string, string?> getEnv)
    {
        var unattended = getEnv("KEEL_UNATTENDED_RETRY") is "1" or "true";
        return int.TryParse(getEnv("KEEL_MAX_RETRIES"), out var maxRetries) && maxRetries >= 0
            ? new RetryPolicy { MaxRetries = maxRetries, Unattended = unattended }
            : new RetryPolicy { Unattended = unattended };
    }
}
