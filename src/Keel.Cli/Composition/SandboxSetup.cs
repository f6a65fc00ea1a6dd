using Keel.Core.Permissions;
using Keel.Core.Settings;
using Keel.Tools.Shell.Sandbox;

namespace Keel.Cli.Composition;

/// <summary>The Bash sandbox a run asks for, the same for a session and for <c>keel mcp serve</c>.</summary>
public static class SandboxSetup
{
    /// <summary>
    /// The sandbox when <c>--sandbox</c> (<paramref name="flag"/>) or <c>sandbox.enabled</c> asks for it, else null.
    /// Bubblewrap cannot filter by domain, so the network is opened only for <c>"allowedDomains": ["*"]</c>; a
    /// narrower list keeps it closed (fail closed) and says so.
    /// </summary>
    public static SandboxOptions? For(bool flag, LoadedSettings settings, PermissionEngine policy, ICollection<string> warnings)
    {
        if (!flag && settings.Sandbox.Enabled != true)
        {
            return null;
        }

        var domains = settings.Sandbox.AllowedDomains;
        var allowNetwork = domains.Contains("*");
        if (!allowNetwork && domains.Count > 0)
        {
            warnings.Add($"sandbox.network.allowedDomains lists {string.Join(", ", domains)}, but the sandbox can only open the network completely (\"*\") or not at all; it stays closed.");
        }

        return SandboxOptions.For(policy.Context.WorkingDirectories, allowNetwork) with { AllowedUnixSockets = settings.Sandbox.AllowUnixSockets };
    }
}
