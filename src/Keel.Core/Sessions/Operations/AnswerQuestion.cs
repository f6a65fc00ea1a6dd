namespace Keel.Core.Sessions;

/// <summary>Answers a <see cref="QuestionRequested"/>: answers keyed by question text, or null when the user dismissed them.</summary>
public sealed record AnswerQuestion(string RequestId, IReadOnlyDictionary<string, string>? Answers) : SessionOperation;
