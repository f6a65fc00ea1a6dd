using System.Text;
using Keel.Core.Compaction;

namespace Keel.Core.Todo;

/// <summary>
/// The session's task list, replaced as a whole by each TodoWrite call. Survives compaction by
/// rendering itself into the message that replaces the conversation.
/// </summary>
public sealed class TodoList : ICompactionAttachment
{
    private readonly Lock _gate = new();
    private IReadOnlyList<TodoItem> _items = [];
    private int _version;

    public IReadOnlyList<TodoItem> Items
    {
        get
        {
            lock (_gate)
            {
                return _items;
            }
        }
    }

    /// <summary>Bumped on every replacement, so callers can tell that the list changed.</summary>
    public int Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    public void Replace(IReadOnlyList<TodoItem> items)
    {
        lock (_gate)
        {
            _items = items;
            _version++;
        }
    }

    /// <summary>The list for the model after a compaction; null when there is nothing open.</summary>
    public string? Render()
    {
        var items = Items;
        if (items.Count == 0 || items.All(static i => i.Status == TodoStatus.Completed))
        {
            return null;
        }

        var text = new StringBuilder("Your task list (from TodoWrite) before the conversation was summarised; keep it up to date:\n");
        foreach (var item in items)
        {
            text.Append("- [").Append(TodoItem.StatusName(item.Status)).Append("] ").Append(item.Content).Append('\n');
        }

        return text.ToString().TrimEnd();
    }
}
