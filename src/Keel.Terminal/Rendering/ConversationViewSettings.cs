namespace Keel.Terminal.Rendering;

/// <summary>Choices for <see cref="ConversationView"/> beyond colour.</summary>
/// <param name="Verbose">Keep finished thinking expanded instead of collapsing it to one line.</param>
/// <param name="WorkingDirectory">Paths of file changes under it are shown relative.</param>
/// <param name="ContextWindow">Window size for the context percentage until a ContextLevelChanged event says otherwise.</param>
public sealed record ConversationViewSettings(
    bool Verbose = false,
    string? WorkingDirectory = null,
    int ContextWindow = 200_000);
