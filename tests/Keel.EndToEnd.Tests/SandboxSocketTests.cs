using System.Net.Sockets;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests;

/// <summary>
/// Issue 13 item 10 end to end: a host UNIX socket is out of reach inside <c>--sandbox</c> unless
/// <c>sandbox.network.allowUnixSockets</c> in a settings file the user owns lists it.
/// </summary>
public sealed class SandboxSocketTests : IDisposable
{
    private readonly string _socketPath = $"/run/keel-e2e-{Guid.NewGuid():N}.sock";
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public SandboxSocketTests()
    {
        _listener.Bind(new UnixDomainSocketEndPoint(_socketPath));
        _listener.Listen(4);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(".keel/settings.local.json", true)]
    [InlineData(".keel/settings.json", false)]
    public async Task A_host_socket_is_reachable_only_when_a_user_setting_allows_it(string? file, bool reachable)
    {
        await using var s = await Scenario.StartAsync();
        if (file is not null)
        {
            s.Workspace.Write(file, $$$$"""{"sandbox":{"network":{"allowUnixSockets":["{{{{_socketPath}}}}"]}}}""");
        }

        s.Script(
            Turn.ToolUse("Bash", $$"""{"command":"if [ -S '{{_socketPath}}' ]; then echo socket=visible; else echo socket=hidden; fi"}"""),
            Turn.Text("done"));

        var result = await s.RunAsync("-p", "probe", "--sandbox", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        var text = Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single());
        text.ShouldContain(reachable ? "socket=visible" : "socket=hidden");
    }

    public void Dispose()
    {
        _listener.Dispose();
        File.Delete(_socketPath);
    }
}
