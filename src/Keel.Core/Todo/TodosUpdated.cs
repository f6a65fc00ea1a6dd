using Keel.Core.Agent;

namespace Keel.Core.Todo;

/// <summary>The task list changed (a TodoWrite call succeeded); surfaces may show it.</summary>
public sealed record TodosUpdated(IReadOnlyList<TodoItem> Todos) : AgentEvent;
