using Keel.Core.Interaction;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;

namespace Keel.Core.Sessions;

/// <summary>
/// Who answers a session's requests. A null answerer means the surface does: the request becomes an event
/// (<see cref="PermissionRequested"/>, <see cref="QuestionRequested"/>, <see cref="PlanApprovalRequested"/>) and
/// the turn waits for the operation that answers it. Headless runs set answerers instead, because nobody is
/// there (a denying asker, the <c>--permission-prompt-tool</c> MCP tool, <see cref="NoUserInteraction"/>).
/// </summary>
/// <param name="Permissions">Answers permission asks without an event; null: the surface answers.</param>
/// <param name="Questions">Answers questions and plan reviews without an event; null: the surface answers.</param>
/// <param name="SuggestRule">The rule "always allow" would save for a call (shown in the dialog).</param>
/// <param name="OnWaiting">Called when a request starts waiting for a person (the Notification hook); not awaited.</param>
public sealed record SessionAnswerers(
    IPermissionAsker? Permissions = null,
    IUserInteraction? Questions = null,
    Func<string, ToolFacets, string?>? SuggestRule = null,
    Action<string>? OnWaiting = null)
{
    /// <summary>Every request is an event for the surface to answer (the interactive terminal, an SDK host).</summary>
    public static SessionAnswerers Surface { get; } = new();
}
