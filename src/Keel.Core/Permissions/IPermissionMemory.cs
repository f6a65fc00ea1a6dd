using System.Text.Json;

namespace Keel.Core.Permissions;

/// <summary>Remembers an "always allow" answer as a rule, effective at once and saved for later sessions.</summary>
public interface IPermissionMemory
{
    /// <summary>Saves the rule that allows calls like this one; returns an error message, or null on success.</summary>
    string? RememberAllow(string toolName, JsonElement input, string cwd);
}
