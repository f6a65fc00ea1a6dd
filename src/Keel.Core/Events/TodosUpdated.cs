using Keel.Core.Todo;

namespace Keel.Core.Events;

/// <summary>The task list changed (a TodoWrite call succeeded); surfaces may show it.</summary>
public sealed record TodosUpdated(IReadOnlyList<TodoItem> Todos) : AgentEvent;
