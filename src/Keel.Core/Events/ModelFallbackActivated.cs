using Keel.Core.Model;

namespace Keel.Core.Events;

/// <summary>The model kept being overloaded, so this request and the rest of the session use <see cref="To"/>.</summary>
public sealed record ModelFallbackActivated(string From, string To, ModelError Error) : AgentEvent
{
    /// <summary>Why the model was left: "is overloaded" or "is not available (...)", for the line the user reads.</summary>
    public string Why => Error.Category == ModelErrorCategory.ModelNotFound ? $"is not available ({Error.Message})" : "is overloaded";
}
