namespace Keel.Core.Settings;

/// <summary>
/// The merged <c>sandbox</c> key: <c>{"enabled": true, "excludedCommands": [...], "network": {"allowedDomains": [...]}}</c>.
/// </summary>
public sealed record SandboxSettings(bool? Enabled, IReadOnlyList<string> AllowedDomains, IReadOnlyList<string> ExcludedCommands)
{
    public static SandboxSettings None { get; } = new(null, [], []);
}
