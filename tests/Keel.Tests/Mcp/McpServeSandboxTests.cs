using System.Text.Json;
using Keel.Cli.Composition;
using Keel.Cli.Mcp;
using ModelContextProtocol.Protocol;

namespace Keel.Tests.Mcp;

/// <summary><c>keel mcp serve</c> runs Bash in the sandbox when <c>--sandbox</c> or settings ask, as a session does.</summary>
public sealed class McpServeSandboxTests : IDisposable
{
    // Outside /tmp: the sandbox's /tmp is private, so a write under the host's /tmp would prove nothing.
    private readonly string _root = Path.Combine(Directory.Exists("/var/tmp") ? "/var/tmp" : AppContext.BaseDirectory, "keel-serve-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public async Task Bash_writes_outside_the_project_only_without_a_sandbox(bool flag, bool setting, bool escapes)
    {
        var project = Directory.CreateDirectory(Path.Combine(_root, "project")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(_root, "outside")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(_root, "home")).FullName;
        var config = Directory.CreateDirectory(Path.Combine(_root, "config")).FullName;

        // The user's own settings switch the rules off, so only the sandbox stands between Bash and the file.
        var sandbox = setting ? ""","sandbox":{"enabled":true}""" : string.Empty;
        await File.WriteAllTextAsync(Path.Combine(config, "settings.json"), $$"""{"permissions":{"defaultMode":"bypassPermissions"}{{sandbox}}}""");
        var env = new Dictionary<string, string> { ["KEEL_CONFIG_DIR"] = config, ["HOME"] = home };

        var (served, error, _) = await McpServeCommand.CreateAsync(flag ? ["--sandbox"] : [], new KeelEnvironment(name => env.GetValueOrDefault(name), project, TimeProvider.System));

        error.ShouldBeNull();
        await using var session = served!.Session;
        var target = Path.Combine(outside, "escaped");
        var command = JsonDocument.Parse($"\"{JsonEncodedText.Encode($"touch '{target}'")}\"").RootElement.Clone();
        await served.Server.CallAsync(new CallToolRequestParams { Name = "Bash", Arguments = new Dictionary<string, JsonElement> { ["command"] = command } }, CancellationToken.None);
        File.Exists(target).ShouldBe(escapes);
    }

    [Fact]
    public async Task Unknown_options_are_refused()
    {
        var (served, error, _) = await McpServeCommand.CreateAsync(["--sandboxx"], new KeelEnvironment(static _ => null, _root, TimeProvider.System));

        served.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain("--sandboxx");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
