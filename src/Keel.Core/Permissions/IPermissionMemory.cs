using Keel.Core.Tools;

namespace Keel.Core.Permissions;

/// <summary>Remembers an "always allow" answer as a rule, effective at once and saved for later sessions.</summary>
public interface IPermissionMemory
{
    /// <summary>Saves the rule that allows calls like this one (read from the call's facets); returns an error message, or null on success.</summary>
    string? RememberAllow(string toolName, ToolFacets facets, string cwd);

    /// <summary>
    /// Allows calls matching <paramref name="rules"/> (null: the suggested rules for this call); saved to the local settings,
    /// or with <paramref name="sessionOnly"/> only for the running session. Returns an error message, or null on success.
    /// </summary>
    string? RememberAllow(string toolName, ToolFacets facets, string cwd, IReadOnlyList<string>? rules, bool sessionOnly) =>
        rules is null && !sessionOnly ? RememberAllow(toolName, facets, cwd) : "this surface cannot remember chosen rules";
}
