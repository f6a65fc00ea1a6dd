using Keel.Anthropic;

namespace Keel.Providers.Routing;

/// <summary>What building a provider's client needs from the session: environment, clock, the Anthropic settings (timeouts, user agent, key helper).</summary>
public sealed record ProviderContext(
    Func<string, string?> GetEnv,
    string Home,
    string WorkingDirectory,
    TimeProvider Time,
    AnthropicOptions Anthropic,
    ProviderSettings Settings)
{
    public string? Env(string name) => GetEnv(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public bool Flag(string name) => Env(name) is "1" or "true" or "yes" or "TRUE" or "True";
}
