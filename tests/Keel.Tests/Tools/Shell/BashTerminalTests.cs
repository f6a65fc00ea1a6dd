using Keel.Core.Tools;

namespace Keel.Tests.Tools.Shell;

/// <summary>The Bash tool through the session's <see cref="IEditorTerminals"/> (an ACP editor's terminal).</summary>
public sealed class BashTerminalTests : IDisposable
{
    private readonly BashHarness _h = new();
    private readonly RecordingTerminals _terminals = new();

    public BashTerminalTests() => _h.Session.Terminals = _terminals;

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task The_command_goes_to_the_editor_terminal_with_the_shell_cwd_and_environment()
    {
        _terminals.Answer = new TerminalRun("hello\n", Truncated: false, ExitCode: 0, Signal: null, TimedOut: false, Interrupted: false);

        var result = await _h.RunAsync("echo hello", timeout: 5000);

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldBe("hello");
        var command = _terminals.Commands.ShouldHaveSingleItem();
        command.ToolUseId.ShouldBe(_h.LastToolUseId);
        command.Arguments[0].ShouldBe("-c");
        command.Arguments[1].ShouldContain("echo hello");
        command.WorkingDirectory.ShouldBe(_h.Project);
        command.Environment["KEEL"].ShouldBe("1");
        command.Timeout.ShouldBe(TimeSpan.FromSeconds(5));
        command.OutputByteLimit.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_failing_killed_or_truncated_run_reads_like_a_local_one()
    {
        _terminals.Answer = new TerminalRun("oops\n", Truncated: true, ExitCode: 3, Signal: null, TimedOut: false, Interrupted: false);
        var failed = await _h.RunAsync("false");
        failed.IsError.ShouldBeTrue();
        failed.Text.ShouldContain("oops");
        failed.Text.ShouldContain("Exit code 3");
        failed.Text.ShouldContain("kept only the last");

        _terminals.Answer = new TerminalRun(string.Empty, Truncated: false, ExitCode: null, Signal: "SIGKILL", TimedOut: true, Interrupted: false);
        var timedOut = await _h.RunAsync("sleep 9", timeout: 1000);
        timedOut.IsError.ShouldBeTrue();
        timedOut.Text.ShouldContain("timed out after 1 s");
    }

    [Fact]
    public async Task An_editor_that_cannot_run_it_gives_a_clear_error()
    {
        _terminals.Failure = "terminal/create failed: no shell";

        var result = await _h.RunAsync("ls");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("The editor could not run the command in its terminal: terminal/create failed: no shell");
    }

    private sealed class RecordingTerminals : IEditorTerminals
    {
        public List<TerminalCommand> Commands { get; } = [];

        public TerminalRun Answer { get; set; } = new(string.Empty, false, 0, null, false, false);

        public string? Failure { get; set; }

        public ValueTask<TerminalRun> RunAsync(TerminalCommand command, Action<string>? progress, CancellationToken cancellationToken)
        {
            Commands.Add(command);
            return Failure is null ? ValueTask.FromResult(Answer) : throw new IOException(Failure);
        }
    }
}
