namespace Keel.Core.Sessions;

/// <summary>
/// Answers a question from the conversation without adding to it (<c>/btw &lt;question&gt;</c>); ends with a
/// <see cref="TurnFinished"/> of kind <see cref="TurnKind.SideQuestion"/> whose result is the answer.
/// </summary>
public sealed record AskSideQuestion(string Question) : SessionOperation;
