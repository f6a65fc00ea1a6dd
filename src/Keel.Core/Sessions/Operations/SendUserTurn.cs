using Keel.Core.Agent;
using Keel.Core.Messages;

namespace Keel.Core.Sessions;

/// <summary>Runs <paramref name="Message"/> as the user's next turn; <paramref name="Overrides"/> holds a command's per-turn tools and model.</summary>
public sealed record SendUserTurn(Message Message, TurnOverrides? Overrides = null) : SessionOperation
{
    /// <summary>
    /// The prompt's id: its user record's uuid in the transcript and the id a rewind names (an SDK host's
    /// message uuid). Null: the session makes one.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>A plain text prompt.</summary>
    public static SendUserTurn Text(string prompt, TurnOverrides? overrides = null) => new(Message.UserText(prompt), overrides);
}
