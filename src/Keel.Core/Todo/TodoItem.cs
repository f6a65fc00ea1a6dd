namespace Keel.Core.Todo;

/// <summary>One entry of the session's task list: what to do, its state, and the present-tense form shown while it runs.</summary>
public sealed record TodoItem(string Content, TodoStatus Status, string ActiveForm)
{
    public static string StatusName(TodoStatus status) => status switch
    {
        TodoStatus.InProgress => "in_progress",
        TodoStatus.Completed => "completed",
        _ => "pending",
    };
}
