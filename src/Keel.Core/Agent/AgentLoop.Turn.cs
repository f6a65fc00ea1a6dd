using System.Runtime.CompilerServices;
using Keel.Core.Cost;
using Keel.Core.Messages;

namespace Keel.Core.Agent;

public sealed partial class AgentLoop
{
    /// <summary>The running turn's thinking override, or null for the session's own.</summary>
    private TurnOverrides? _turnThinking;

    public IAsyncEnumerable<AgentEvent> RunTurnAsync(Message userMessage, CancellationToken cancellationToken) =>
        RunTurnAsync(userMessage, null, cancellationToken);

    /// <summary>
    /// One user turn with optional per-turn allowed tools and model. Rules added during the turn
    /// (a skill's allowed-tools) end with it; the session's model is back for the next turn unless
    /// an overload forced a fallback.
    /// </summary>
    public IAsyncEnumerable<AgentEvent> RunTurnAsync(Message userMessage, TurnOverrides? overrides, CancellationToken cancellationToken) =>
        RunTurnAsync(userMessage, overrides, null, cancellationToken);

    /// <param name="promptId">
    /// Set for a prompt the user sent: the turn becomes a point to rewind to, its file writes are checkpointed
    /// under this id, and its user record carries it. Null for turns nobody typed (background notifications).
    /// </param>
    public async IAsyncEnumerable<AgentEvent> RunTurnAsync(Message userMessage, TurnOverrides? overrides, string? promptId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sessionModel = _model;
        string? turnModel = null;
        if (overrides?.Model is { Length: > 0 } requested && !string.Equals(requested, "inherit", StringComparison.OrdinalIgnoreCase))
        {
            turnModel = ModelCatalog.Resolve(requested);
            _model = turnModel;
        }

        using var scope = _policy.BeginTurn(overrides?.AllowedTools ?? []);
        _turnThinking = overrides is { OverridesThinking: true } ? overrides : null;
        try
        {
            await foreach (var item in RunTurnCoreAsync(userMessage, promptId, cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            _turnThinking = null;
            if (turnModel is not null && _model == turnModel)
            {
                _model = sessionModel;
            }
        }
    }
}
