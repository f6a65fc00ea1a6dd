using System.Text;
using System.Text.Json.Nodes;
using Keel.Core.Todo;
using Keel.Core.Tools;
using Keel.Tools.Files;

namespace Keel.Tools.Todo;

/// <summary>Keeps the session's task list (<see cref="ToolSession.Todos"/>); each call replaces it whole.</summary>
public sealed class TodoWriteTool : Tool<TodoWriteInput>
{
    public TodoWriteTool()
        : base(static () => TodoJsonContext.Default.TodoWriteInput)
    {
    }

    public override string Name => "TodoWrite";

    public override ToolKind Kind => ToolKind.Interaction;

    protected override string Description => EmbeddedText.Load(nameof(TodoWriteTool));

    // Only session state changes; several calls must still not race each other.
    protected override bool IsReadOnly(TodoWriteInput input) => false;

    protected override string? Validate(TodoWriteInput input, ToolSession session)
    {
        if (input.Todos is null)
        {
            return "todos is required: pass the whole list (an empty array clears it).";
        }

        for (var i = 0; i < input.Todos.Count; i++)
        {
            var item = input.Todos[i];
            if (item is null || string.IsNullOrWhiteSpace(item.Content))
            {
                return $"todos[{i}].content must not be empty.";
            }

            if (string.IsNullOrWhiteSpace(item.ActiveForm))
            {
                return $"todos[{i}].activeForm must not be empty (e.g. \"Running the tests\" for \"Run the tests\").";
            }
        }

        var running = input.Todos.Where(static t => t.Status == TodoStatus.InProgress).Select(static t => t.Content).ToList();
        return running.Count > 1
            ? $"Only one task may be in_progress at a time, but {running.Count} are: {string.Join("; ", running)}. Mark the others pending or completed and call TodoWrite again."
            : null;
    }

    protected override ValueTask<ToolResult> ExecuteAsync(TodoWriteInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var items = input.Todos.Select(static t => new TodoItem(t.Content.Trim(), t.Status, t.ActiveForm.Trim())).ToList();
        var previous = context.Session.Todos.Items;
        context.Session.Todos.Replace(items);
        return ValueTask.FromResult(ToolResult.Success(Confirmation(items), Details(previous, items)));
    }

    private static string Confirmation(List<TodoItem> items)
    {
        if (items.Count == 0)
        {
            return "The task list is now empty.";
        }

        var done = items.Count(static i => i.Status == TodoStatus.Completed);
        var text = new StringBuilder("Task list updated (")
            .Append(done).Append(" of ").Append(items.Count).Append(" completed). Keep it current as you work.");
        if (items.FirstOrDefault(static i => i.Status == TodoStatus.InProgress) is { } current)
        {
            text.Append(" In progress: ").Append(current.Content).Append('.');
        }

        return text.ToString();
    }

    private static JsonObject Details(IReadOnlyList<TodoItem> previous, List<TodoItem> items) => new()
    {
        ["oldTodos"] = ToJson(previous),
        ["newTodos"] = ToJson(items),
    };

    private static JsonArray ToJson(IReadOnlyList<TodoItem> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add((JsonNode)new JsonObject
            {
                ["content"] = item.Content,
                ["status"] = TodoItem.StatusName(item.Status),
                ["activeForm"] = item.ActiveForm,
            });
        }

        return array;
    }
}
