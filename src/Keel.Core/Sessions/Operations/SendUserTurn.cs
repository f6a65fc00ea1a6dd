using Keel.Core.Agent;
using Keel.Core.Messages;

namespace Keel.Core.Sessions;

/// <summary>Runs <paramref name="Message"/> as the user's next turn; <paramref name="Overrides"/> holds a command's per-turn tools and model.</summary>
public sealed record SendUserTurn(Message Message, TurnOverrides? Overrides = null) : SessionOperation
{
    /// <summary>A plain text prompt.</summary>
    public static SendUserTurn Text(string prompt, TurnOverrides? overrides = null) => new(Message.UserText(prompt), overrides);
}
