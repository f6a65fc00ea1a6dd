using System.Globalization;
using System.Text.Json;
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
        var name = options.FallbackModel ?? (settings.Get("fallbackModel") is { ValueKind: JsonValueKind.String } value ? value.GetString() : null);
        return string.IsNullOrWhiteSpace(name) ? null : ModelCatalog.Resolve(name);
    }

    /// <summary>
    /// The <c>apiKeyHelper</c> command, taken only from settings the user controls (user, managed,
    /// --settings): a cloned repository's project settings must not get to run commands at startup.
    /// </summary>
    public static ApiKeyHelper? ApiKeyHelper(LoadedSettings settings, string cwd, TimeProvider time)
    {
        foreach (var layer in settings.Layers)
        {
            if (layer.Source is not (SettingsSources.User or SettingsSources.Managed or SettingsSources.Flag)
                || layer.Root.ValueKind != JsonValueKind.Object
                || !layer.Root.TryGetProperty("apiKeyHelper", out var value)
                || value.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(value.GetString()))
            {
                continue;
            }

            return new ApiKeyHelper(value.GetString()!, cwd, time);
        }

        return null;
    }

    /// <summary>--max-thinking-tokens, else --effort, else MAX_THINKING_TOKENS; null leaves thinking off.</summary>
    public static ThinkingConfig? Thinking(CliOptions options, Func<string, string?> getEnv)
    {
        var budget = options.MaxThinkingTokens
            ?? ThinkingBudgets.ForEffort(options.Effort)
            ?? (int.TryParse(getEnv("MAX_THINKING_TOKENS"), NumberStyles.None, CultureInfo.InvariantCulture, out var env) ? env : null);
        return budget is > 0 ? new ThinkingConfig(budget) : null;
    }

    public static RetryPolicy Retry(Func<string, string?> getEnv)
    {
        var unattended = getEnv("KEEL_UNATTENDED_RETRY") is "1" or "true";
        return int.TryParse(getEnv("KEEL_MAX_RETRIES"), out var maxRetries) && maxRetries >= 0
            ? new RetryPolicy { MaxRetries = maxRetries, Unattended = unattended }
            : new RetryPolicy { Unattended = unattended };
    }
}
