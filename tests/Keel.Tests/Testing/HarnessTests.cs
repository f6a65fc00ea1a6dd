using System.Runtime.Versioning;
using Keel.Testing.Process;
using Keel.Testing.Workspace;

namespace Keel.Tests.Testing;

[UnsupportedOSPlatform("windows")]
public sealed class HarnessTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(10);

    [Fact]
    public void Workspace_writes_reads_inits_git_and_cleans_up()
    {
        string root;
        using (var ws = new TempWorkspace())
        {
            ws.Write("src/a.txt", "héllo\n");
            ws.GitInit();
            ws.Git("add", "-A");
            ws.Git("commit", "-q", "-m", "first");

            ws.Read("src/a.txt").ShouldBe("héllo\n");
            File.ReadAllBytes(ws.FullPath("src/a.txt"))[0].ShouldBe((byte)'h');
            ws.Git("log", "--format=%an %s").Trim().ShouldBe("Keel Test first");
            ws.Home.ShouldNotStartWith(ws.Path);
            root = Path.GetDirectoryName(ws.Path)!;
        }

        Directory.Exists(root).ShouldBeFalse();
    }

    [Fact]
    public async Task Runner_isolates_the_environment_and_passes_args_and_stdin()
    {
        using var ws = new TempWorkspace();
        var fake = Script(ws, """
            echo "home=$HOME"
            echo "config=$KEEL_CONFIG_DIR"
            echo "url=$ANTHROPIC_BASE_URL key=$ANTHROPIC_API_KEY model=${ANTHROPIC_MODEL:-unset} extra=${EXTRA:-unset}"
            echo "args=$*"
            echo "cwd=$(pwd)"
            cat
            echo oops >&2
            exit 3
            """);
        var runner = new KeelRunner("http://127.0.0.1:9", ws, fake);

        var result = await runner.RunAsync(["-p", "two words"], stdin: "from stdin\n", env: new Dictionary<string, string?> { ["EXTRA"] = "yes" });

        result.ExitCode.ShouldBe(3);
        result.Stdout.ShouldContain($"home={ws.Home}\n");
        result.Stdout.ShouldContain($"config={ws.ConfigDir}\n");
        result.Stdout.ShouldContain("url=http://127.0.0.1:9 key=test-key model=unset extra=yes\n");
        result.Stdout.ShouldContain("args=-p two words\n");
        result.Stdout.ShouldContain($"cwd={ws.Path}\n");
        result.Stdout.ShouldContain("from stdin\n");
        result.Stderr.ShouldBe("oops\n");
    }

    [Fact]
    public async Task Runner_kills_a_hung_process_and_reports_its_output()
    {
        using var ws = new TempWorkspace();
        var runner = new KeelRunner("http://127.0.0.1:9", ws, Script(ws, "echo started\nsleep 60\n"));

        var failure = await Should.ThrowAsync<KeelTimeoutException>(() => runner.RunAsync([], timeout: TimeSpan.FromMilliseconds(500)));

        failure.Stdout.ShouldBe("started\n");
        failure.Message.ShouldContain("was killed");
    }

    [Fact]
    public async Task Started_process_can_be_watched_and_signalled()
    {
        using var ws = new TempWorkspace();
        var fake = Script(ws, """
            trap 'echo got INT; exit 130' INT
            echo ready
            while true; do sleep 0.05; done
            """);
        await using var process = new KeelRunner("http://127.0.0.1:9", ws, fake).Start([]);

        await process.WaitForOutputAsync("ready", Safety);
        await process.SignalAsync("INT");
        var result = await process.WaitForExitAsync(Safety);

        result.ExitCode.ShouldBe(130);
        result.Stdout.ShouldBe("ready\ngot INT\n");
    }

    [Fact]
    public void Stream_json_lines_parse_and_filter()
    {
        var lines = StreamJsonLines.Parse("""
            {"type":"system","subtype":"init"}

            {"type":"assistant"}
            {"type":"result","subtype":"success","result":"ok"}
            """);

        lines.Count.ShouldBe(3);
        ((string)StreamJsonLines.OfType(lines, "result", "success").ShouldHaveSingleItem()["result"]!).ShouldBe("ok");
        Should.Throw<FormatException>(() => StreamJsonLines.Parse("{\"type\":\"a\"}\nnot json\n")).Message.ShouldContain("line 2");
    }

    private static string Script(TempWorkspace ws, string body)
    {
        var path = ws.Write("../bin/fake-keel", "#!/bin/sh\n" + body.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
