using System.Diagnostics;
using Keel.Cli.Arguments;
using Keel.Cli.Composition;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Sessions;
using Keel.Testing.Workspace;

namespace Keel.Tests.Cli;

/// <summary>
/// The staged session builder: a stage that fails returns the user's message and leaves nothing running (a real
/// stdio MCP server it started is gone, no transcript is written), and the host flags reach the built session.
/// </summary>
public sealed class SessionBuilderTests : IDisposable
{
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(20);
    private readonly TempWorkspace _w = new();
    private readonly List<int> _servers = [];

    [Theory]
    [InlineData("agent")]
    [InlineData("prompt-tool")]
    public async Task A_stage_failing_after_mcp_servers_started_stops_them_and_writes_no_transcript(string failing)
    {
        var pidFile = Path.Combine(_w.Home, "server.pid");
        var options = new CliOptions
        {
            McpConfigs = [ServerConfig(pidFile)],
            Agent = failing == "agent" ? "no-such-agent" : null,
            PermissionPromptTool = failing == "prompt-tool" ? "mcp__probe__no_such_tool" : null,
        };

        var (setup, error) = await BuildAsync(options);

        setup.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(failing == "agent" ? "no-such-agent" : "mcp__probe__no_such_tool");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        _servers.Add(pid);
        (await ExitedAsync(pid)).ShouldBeTrue("the MCP server the failed build started is still running");
        var sessions = KeelPaths.ProjectSessionsDirectory(_w.ConfigDir, _w.Path);
        (Directory.Exists(sessions) ? Directory.GetFiles(sessions, "*.jsonl") : []).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_built_session_owns_its_mcp_servers_and_stops_them_when_disposed()
    {
        var pidFile = Path.Combine(_w.Home, "server.pid");

        var (setup, error) = await BuildAsync(new CliOptions { McpConfigs = [ServerConfig(pidFile)] });

        error.ShouldBeNull();
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        _servers.Add(pid);
        setup!.Pipeline.Parts.Tools.ShouldContain(t => t.Name.StartsWith("mcp__probe__", StringComparison.Ordinal));
        Process.GetProcessById(pid).HasExited.ShouldBeFalse();
        await setup.DisposeAsync();
        (await ExitedAsync(pid)).ShouldBeTrue();
    }

    [Fact]
    public async Task Host_flags_reach_the_built_session()
    {
        _w.Write(".keel/settings.json", """{"permissions":{"deny":["Grep"]}}""");
        var options = new CliOptions
        {
            Tools = ["Read", "Grep", "Bash"],
            SettingSources = new HashSet<string>(["user"], StringComparer.Ordinal),
            ManagedSettings = """{"permissions":{"deny":["Bash"]}}""",
            PluginDirs = ["plugins"],
        };

        var (setup, error) = await BuildAsync(options);

        error.ShouldBeNull();
        await using var built = setup.ShouldNotBeNull();
        built.Pipeline.Parts.Tools.Select(static t => t.Name).ShouldBe(["Read", "Grep", "Bash"]);
        built.Loop.Options.Tools.Select(static t => t.Name).ShouldBe(["Read", "Grep", "Bash"]);

        // --setting-sources user: the project's deny is not read; --managed-settings: its deny is.
        built.Policy.IsOffered("Grep").ShouldBeTrue();
        built.Policy.IsOffered("Bash").ShouldBeFalse();
        built.Warnings.ShouldContain(w => w.Contains("--plugin-dir plugins", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fork_session_continues_under_a_new_id_and_resume_session_at_needs_a_known_message()
    {
        var sessions = KeelPaths.ProjectSessionsDirectory(_w.ConfigDir, _w.Path);
        var original = Path.Combine(sessions, "first.jsonl");
        using (var writer = new TranscriptWriter(original, "first", _w.Path, "test", TimeProvider.System))
        {
            writer.RecordUser(Message.UserText("the first question"));
        }

        var before = File.ReadAllText(original);

        var (forked, error) = await BuildAsync(new CliOptions { Resume = "first", ForkSession = true });

        error.ShouldBeNull();
        await using (var fork = forked.ShouldNotBeNull())
        {
            fork.SessionId.ShouldNotBe("first");
            fork.TranscriptPath.ShouldBe(Path.Combine(sessions, fork.SessionId + ".jsonl"));
            fork.Loop.Messages.ShouldContain(m => m.Content.OfType<TextBlock>().Any(b => b.Text == "the first question"));
        }

        File.ReadAllText(original).ShouldBe(before);
        var (missing, missingError) = await BuildAsync(new CliOptions { Resume = "first", ResumeSessionAt = "no-such-uuid" });
        missing.ShouldBeNull();
        missingError.ShouldBe("--resume-session-at: no message no-such-uuid in session first.");
    }

    public void Dispose()
    {
        foreach (var pid in _servers)
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // Gone already, as it should be.
            }
        }

        _w.Dispose();
    }

    private Task<(SessionSetup? Setup, string? Error)> BuildAsync(CliOptions options)
    {
        var env = new Dictionary<string, string> { ["HOME"] = _w.Home, ["KEEL_CONFIG_DIR"] = _w.ConfigDir, ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin" };
        return SessionBuilder.BuildAsync(options, new KeelEnvironment(name => env.GetValueOrDefault(name), _w.Path, TimeProvider.System), new SessionSurface(PersonAnswers: false, Client: new NoModel()));
    }

    /// <summary>The MCP reference server over stdio, started through a shell that writes the server's pid first.</summary>
    private static string ServerConfig(string pidFile)
    {
        var everything = Path.Combine(FixtureDirectory(), "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
        var script = $"echo $$ > '{pidFile}'; exec node '{everything}' stdio";
        var command = System.Text.Json.JsonSerializer.Serialize(script, SessionBuilderTestJson.Default.String);
        return "{\"mcpServers\":{\"probe\":{\"command\":\"sh\",\"args\":[\"-c\"," + command + "]}}}";
    }

    private static async Task<bool> ExitedAsync(int pid)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return true;
        }

        using var bound = new CancellationTokenSource(ExitBound);
        try
        {
            await process.WaitForExitAsync(bound.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string FixtureDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "mcp");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/fixtures/mcp not found above " + AppContext.BaseDirectory);
    }

    private sealed class NoModel : IModelClient
    {
        public IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("building a session calls no model");
    }
}
