using Keel.Cli.Agents;
using Keel.Core.Commands;
using Keel.Core.Settings;
using Keel.Core.Tasks;
using Keel.Core.Tools;
using Keel.Testing.Time;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Cli.Agents;

public sealed class TasksCommandTests : IDisposable
{
    private readonly LoopHarness _h = new([]);
    private readonly ManualTimeProvider _time = new();
    private readonly ToolSession _session;

    public TasksCommandTests() => _session = new ToolSession(_h.Root, [], Path.Combine(_h.Root, ".tasks"), _time);

    [Fact]
    public async Task Tasks_lists_every_background_task_with_its_kind_status_and_age()
    {
        var started = _time.GetUtcNow();
        _session.Background.Register(new FakeTask("dream_1", "dream", "consolidating memory from 5 sessions", started));
        _session.Background.Register(new FakeTask("bash_1", "shell", "npm run watch\nwith a second line", started.AddSeconds(-30)));

        var text = await RunAsync(string.Empty);

        text.ShouldStartWith("Background tasks:");
        text.ShouldContain("dream_1  dream  running  0s  consolidating memory from 5 sessions");
        text.ShouldContain("bash_1  shell  running  30s  npm run watch with a second line");
    }

    [Fact]
    public async Task Tasks_stop_stops_that_task_and_only_that_one()
    {
        var dream = new FakeTask("dream_1", "dream", "consolidating memory", _time.GetUtcNow());
        var shell = new FakeTask("bash_1", "shell", "sleep 100", _time.GetUtcNow());
        _session.Background.Register(dream);
        _session.Background.Register(shell);

        (await RunAsync("stop dream_1")).ShouldBe("Stopped dream_1 (dream).");

        dream.Status.ShouldBe(BackgroundTaskStatus.Killed);
        shell.Status.ShouldBe(BackgroundTaskStatus.Running);
        (await RunAsync(string.Empty)).ShouldContain("dream_1  dream  killed");
    }

    [Fact]
    public async Task Stopping_an_unknown_task_names_the_ones_there_are_and_other_words_show_the_usage()
    {
        _session.Background.Register(new FakeTask("agent_1", "agent", "review the diff", _time.GetUtcNow()));

        var unknown = await RunAsync("stop dream_9");
        unknown.ShouldStartWith("No background task dream_9.");
        unknown.ShouldContain("agent_1");
        (await RunAsync("kill agent_1")).ShouldBe("Usage: /tasks, /tasks <id> (its output), or /tasks stop <id>.");
        (await RunAsync("stop")).ShouldBe("Usage: /tasks, /tasks <id> (its output), or /tasks stop <id>.");
    }

    [Fact]
    public async Task At_a_terminal_tasks_opens_the_picker_and_an_id_shows_what_that_task_printed()
    {
        _session.Background.Register(new FakeTask("bash_1", "shell", "npm run watch", _time.GetUtcNow()));
        var context = new SlashCommandContext(_h.Loop, _session, _h.Policy, LoadedSettings.Empty, new SlashCommandRegistry(), Interactive: true);

        (await new TasksCommand().ExecuteAsync(string.Empty, context, CancellationToken.None)).ShouldBeOfType<TasksPickerResult>();
        (await RunAsync("bash_1")).ShouldBe("bash_1 (shell, running): npm run watch\nNo output yet.");
    }

    [Fact]
    public async Task No_background_tasks_says_so()
    {
        (await RunAsync(string.Empty)).ShouldBe("No background tasks.");
    }

    private async Task<string> RunAsync(string arguments)
    {
        var context = new SlashCommandContext(_h.Loop, _session, _h.Policy, LoadedSettings.Empty, new SlashCommandRegistry(), Interactive: false);
        var result = await new TasksCommand().ExecuteAsync(arguments, context, CancellationToken.None);
        return result.ShouldBeOfType<TextCommandResult>().Text;
    }

    public void Dispose() => _h.Dispose();

    private sealed class FakeTask(string id, string kind, string description, DateTimeOffset startedAt) : IBackgroundTask
    {
        public string Id => id;

        public string Kind => kind;

        public string Description => description;

        public BackgroundTaskStatus Status { get; private set; } = BackgroundTaskStatus.Running;

        public DateTimeOffset StartedAt => startedAt;

        public ValueTask StopAsync()
        {
            Status = BackgroundTaskStatus.Killed;
            return ValueTask.CompletedTask;
        }
    }
}
