using System.Text.Json;
using Keel.Core.Tools;

namespace Keel.Core.Permissions;

/// <summary>Decides whether a tool call may run, before any prompting.</summary>
public interface IPermissionPolicy
{
    PermissionDecision Decide(ITool tool, JsonElement input, ToolSession session);

    /// <summary>False when a bare deny rule removes the tool from what the model is offered.</summary>
    bool IsOffered(ITool tool);
}
