using System.Runtime.CompilerServices;
using Keel.Core.Cost;
using Keel.Core.Messages;

namespace Keel.Core.Agent;

public sealed partial class AgentLoop
{
    /// <summary>The running turn's thinking override, or null for the session's own.</summary>
    private TurnOverrides? _turnThinking;

    /// <summary>The model the running turn switched to (a command's or skill's), and the one it goes back to.</summary>
    private string? _turnModel;
    private string _sessionModel = string.Empty;

    /// <summary>
    /// Runs the rest of the current turn on <paramref name="model"/> (a skill the Skill tool loaded names one); the
    /// session's model is back for the next turn. <c>inherit</c> or an empty name changes nothing.
    /// </summary>
    public void UseModelForTurn(string model)
    {
        if (model.Length == 0 || string.Equals(model, "inherit", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        _turnModel = ModelCatalog.Resolve(model);
        _model = _turnModel;
    }

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
        _sessionModel = _model;
        _turnModel = null;
        if (overrides?.Model is { } requested)
        {
            UseModelForTurn(requested);
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
            if (_turnModel is not null && _model == _turnModel)
            {
                _model = _sessionModel;
            }

            _turnModel = null;
        }
    }
}
