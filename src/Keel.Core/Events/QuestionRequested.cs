using Keel.Core.Interaction;

namespace Keel.Core.Events;

/// <summary>The model asks the user multiple-choice questions (AskUserQuestion); answered by <see cref="Sessions.AnswerQuestion"/>.</summary>
public sealed record QuestionRequested(string RequestId, IReadOnlyList<UserQuestion> Questions) : AgentEvent;
