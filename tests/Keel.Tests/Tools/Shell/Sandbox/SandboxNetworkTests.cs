using System.Net;
using System.Net.Sockets;

namespace Keel.Tests.Tools.Shell.Sandbox;

public sealed class SandboxNetworkTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public SandboxNetworkTests() => _listener.Start();

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    [Fact]
    public async Task The_network_is_unreachable_by_default()
    {
        using var sandbox = new SandboxHarness();

        var result = await sandbox.RunAsync($"exec 3<>/dev/tcp/127.0.0.1/{Port} && echo connected");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldNotContain("connected");
        result.Text.ShouldContain("Connection refused");
    }

    [Fact]
    public async Task The_network_is_reachable_when_allowed()
    {
        using var sandbox = new SandboxHarness(options => options with { AllowNetwork = true });

        var result = await sandbox.RunAsync($"exec 3<>/dev/tcp/127.0.0.1/{Port} && echo connected");

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldBe("connected");
    }

    public void Dispose() => _listener.Dispose();
}
