using Keel.Core.Tools;

namespace Keel.Core.Permissions;

/// <summary>Decides whether a tool call may run, before any prompting.</summary>
public interface IPermissionPolicy
{
    /// <summary>Decides a decoded call from the tool's facets, rules, the tool's own check and the mode.</summary>
    PermissionDecision Decide(ITool tool, ToolInput input, ToolSession session);

    /// <summary>False when a bare deny rule removes the tool from what the model is offered.</summary>
    bool IsOffered(ITool tool);

    /// <summary>
    /// Allows <paramref name="allowedTools"/> (rule texts such as <c>Bash(git status:*)</c>) until the
    /// returned scope is disposed: a command's or skill's allowed-tools for the turn it starts.
    /// </summary>
    IDisposable? BeginTurn(IReadOnlyList<string> allowedTools) => null;
}
