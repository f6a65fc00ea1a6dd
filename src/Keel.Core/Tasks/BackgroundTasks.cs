using System.Globalization;

namespace Keel.Core.Tasks;

/// <summary>
/// Every background task of a session, and the notifications finished ones leave for the model.
/// Disposing it stops whatever still runs: nothing outlives the session.
/// </summary>
public sealed class BackgroundTasks : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<IBackgroundTask> _tasks = [];
    private readonly List<string> _notifications = [];
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private readonly List<(string Description, Action Move)> _foreground = [];
    private TaskCompletionSource _posted = NewSignal();
    private int _expected;

    public IReadOnlyList<IBackgroundTask> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _tasks];
            }
        }
    }

    /// <summary>True while a running task may still post a notification, or one waits to be read.</summary>
    public bool HasPendingNotifications
    {
        get
        {
            lock (_gate)
            {
                return _notifications.Count > 0 || _expected > 0 || _tasks.Any(static t => t.Status == BackgroundTaskStatus.Running && t.WillNotify);
            }
        }
    }

    /// <summary>A new id with the given prefix: <c>bash_1</c>, <c>bash_2</c>, ...</summary>
    public string NextId(string prefix)
    {
        lock (_gate)
        {
            var n = _counters.GetValueOrDefault(prefix) + 1;
            _counters[prefix] = n;
            return prefix + "_" + n.ToString(CultureInfo.InvariantCulture);
        }
    }

    public void Register(IBackgroundTask task)
    {
        lock (_gate)
        {
            _tasks.Add(task);
        }
    }

    public IBackgroundTask? Find(string id)
    {
        lock (_gate)
        {
            return _tasks.Find(t => t.Id == id);
        }
    }

    /// <summary>
    /// A foreground call that can be moved to the background while it runs (a Bash command): <paramref name="move"/>
    /// is called on <see cref="MoveForegroundToBackground"/> until the returned registration is disposed.
    /// </summary>
    public IDisposable TrackForeground(string description, Action move)
    {
        var entry = (description, move);
        lock (_gate)
        {
            _foreground.Add(entry);
        }

        return new Registration(() =>
        {
            lock (_gate)
            {
                _foreground.Remove(entry);
            }
        });
    }

    /// <summary>What runs in the foreground now and could be moved to the background.</summary>
    public IReadOnlyList<string> Foreground
    {
        get
        {
            lock (_gate)
            {
                return [.. _foreground.Select(static f => f.Description)];
            }
        }
    }

    /// <summary>Ctrl+B: every foreground call that can go on in the background does; returns how many were asked to.</summary>
    public int MoveForegroundToBackground()
    {
        List<(string Description, Action Move)> moving;
        lock (_gate)
        {
            moving = [.. _foreground];
        }

        foreach (var (_, move) in moving)
        {
            move();
        }

        return moving.Count;
    }

    /// <summary>Leaves a message for the model; it is added to the conversation before the next request.</summary>
    public void Notify(string text)
    {
        TaskCompletionSource posted;
        lock (_gate)
        {
            _notifications.Add(text);
            posted = _posted;
            _posted = NewSignal();
        }

        posted.TrySetResult();
    }

    /// <summary>
    /// Work outside the task list that may still notify (an asyncRewake hook): until the returned handle is disposed the
    /// session waits for it as for a running task; disposing wakes whoever waits, so they look again.
    /// </summary>
    public IDisposable ExpectNotification()
    {
        lock (_gate)
        {
            _expected++;
        }

        return new Registration(() =>
        {
            TaskCompletionSource posted;
            lock (_gate)
            {
                _expected--;
                posted = _posted;
                _posted = NewSignal();
            }

            posted.TrySetResult();
        });
    }

    /// <summary>Takes every waiting notification (oldest first); empty when there is none.</summary>
    public IReadOnlyList<string> DrainNotifications()
    {
        lock (_gate)
        {
            if (_notifications.Count == 0)
            {
                return [];
            }

            var taken = _notifications.ToArray();
            _notifications.Clear();
            return taken;
        }
    }

    /// <summary>Completes when a notification is waiting (at once if one already is).</summary>
    public Task WaitForNotificationAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _notifications.Count > 0 ? Task.CompletedTask : _posted.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops every task still running.</summary>
    public async ValueTask StopAllAsync()
    {
        foreach (var task in All)
        {
            if (task.Status == BackgroundTaskStatus.Running)
            {
                await task.StopAsync();
            }
        }
    }

    public ValueTask DisposeAsync() => StopAllAsync();

    private sealed class Registration(Action remove) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                remove();
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
