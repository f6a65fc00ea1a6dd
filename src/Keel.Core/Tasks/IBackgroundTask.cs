namespace Keel.Core.Tasks;

/// <summary>Work that keeps running after the tool call that started it returned (a shell, a subagent).</summary>
public interface IBackgroundTask
{
    /// <summary>The id the model and /tasks use (<c>bash_1</c>, <c>agent_1</c>).</summary>
    string Id { get; }

    /// <summary><c>shell</c> or <c>agent</c>.</summary>
    string Kind { get; }

    /// <summary>What it is doing, for /tasks (the command, or the agent's description).</summary>
    string Description { get; }

    BackgroundTaskStatus Status { get; }

    DateTimeOffset StartedAt { get; }

    /// <summary>True while the task may still post a notification the model should see.</summary>
    bool WillNotify => false;

    /// <summary>The end of what it printed (at most <paramref name="maxChars"/>), or null when it keeps no output.</summary>
    string? OutputTail(int maxChars) => null;

    /// <summary>Ends the task and everything it started; a finished task ignores it.</summary>
    ValueTask StopAsync();
}
