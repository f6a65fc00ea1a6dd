using Keel.Core.Tools;

namespace Keel.Core.Permissions;

/// <summary>Remembers an "always allow" answer as a rule, effective at once and saved for later sessions.</summary>
public interface IPermissionMemory
{
    /// <summary>Saves the rule that allows calls like this one (read from the call's facets); returns an error message, or null on success.</summary>
    string? RememberAllow(string toolName, ToolFacets facets, string cwd);
}
