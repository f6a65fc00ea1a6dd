namespace Keel.Core.Sessions;

/// <summary>Later turns go to <paramref name="Model"/> (an alias such as <c>sonnet</c> or a model id); applied between turns.</summary>
public sealed record SetModel(string Model) : SessionOperation;
