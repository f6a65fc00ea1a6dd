namespace Keel.Core.Settings;

/// <summary>
/// The merged <c>sandbox</c> key: <c>{"enabled": true, "excludedCommands": [...], "network": {"allowedDomains": [...],
/// "allowUnixSockets": ["/var/run/docker.sock"]}}</c>.
/// </summary>
public sealed record SandboxSettings(bool? Enabled, IReadOnlyList<string> AllowedDomains, IReadOnlyList<string> ExcludedCommands)
{
    public static SandboxSettings None { get; } = new(null, [], []);

    /// <summary>
    /// Host UNIX sockets reachable inside the sandbox (<c>sandbox.network.allowUnixSockets</c>, absolute paths). Read
    /// from every settings file except a project's committed one: a cloned repository must not open the Docker socket.
    /// </summary>
    public IReadOnlyList<string> AllowUnixSockets { get; init; } = [];
}
