using Keel.Core.Hooks;
using Keel.Tools.Hooks;

namespace Keel.Tests.Hooks;

/// <summary>The command executor against real bash processes.</summary>
public sealed class CommandHookExecutorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-hookexec-").FullName;

    [Fact]
    public async Task The_hook_reads_its_input_on_stdin_and_sees_both_project_variables()
    {
        var result = await RunAsync("""read -r line; echo "got:$line"; echo "$KEEL_PROJECT_DIR|$CLAUDE_PROJECT_DIR" >&2; exit 3""", """{"a":1}""");

        result.ExitCode.ShouldBe(3);
        result.Stdout.Trim().ShouldBe("""got:{"a":1}""");
        result.Stderr.Trim().ShouldBe($"{_dir}|{_dir}");
    }

    [Fact]
    public async Task The_hook_has_no_controlling_terminal()
    {
        var result = await RunAsync("if [ -t 0 ]; then echo tty; else echo notty; fi; (exec </dev/tty) 2>/dev/null && echo has-ctty || echo no-ctty", "{}");

        result.Stdout.ShouldContain("notty");
        result.Stdout.ShouldContain("no-ctty");
    }

    [Fact]
    public async Task A_timeout_kills_the_hook_and_what_it_started()
    {
        var pidFile = Path.Combine(_dir, "child.pid");
        var result = await RunAsync($"sleep 120 & echo $! > '{pidFile}'; wait", "{}", TimeSpan.FromMilliseconds(700));

        result.TimedOut.ShouldBeTrue();
        result.ExitCode.ShouldBeNull();
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        IsRunning(pid).ShouldBeFalse();
    }

    [Fact]
    public async Task A_missing_script_fails_with_exit_127_and_does_not_throw()
    {
        var result = await RunAsync("./does-not-exist.sh", "{}");

        result.ExitCode.ShouldBe(127);
        result.Stderr.ShouldContain("does-not-exist.sh");
    }

    [Fact]
    public void Http_headers_interpolate_only_allow_listed_variables()
    {
        var env = new Dictionary<string, string?> { ["TOKEN"] = "t1", ["SECRET"] = "s1" };
        var http = new HttpHookExecutor(name => env.GetValueOrDefault(name), TimeProvider.System);

        http.Interpolate("Bearer $TOKEN / ${TOKEN} / $SECRET / ${SECRET}", ["TOKEN"]).ShouldBe("Bearer t1 / t1 /  / ");
    }

    // Killed means gone or a zombie: in a container nobody may reap the orphan.
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        var text = File.ReadAllText(stat);
        return text[(text.LastIndexOf(')') + 2)..].StartsWith('Z') is false;
    }

    private Task<HookExecution> RunAsync(string command, string input, TimeSpan? timeout = null) =>
        new CommandHookExecutor(TimeProvider.System).ExecuteAsync(
            new HookRequest(new HookHandler("command", command, null, null, null), input, _dir, _dir, timeout ?? TimeSpan.FromSeconds(20)),
            CancellationToken.None);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
