using System.Net.Sockets;
using Keel.Tools.Shell.Sandbox;

namespace Keel.Tests.Tools.Shell.Sandbox;

/// <summary>
/// Escape attempts against the real bubblewrap sandbox, run as whoever runs the suite (root in CI):
/// kernel knobs, host UNIX sockets, nested repositories' hooks, process links, mounts and namespaces.
/// </summary>
public sealed class SandboxEscapeTests : IDisposable
{
    private readonly List<Socket> _listeners = [];
    private readonly List<string> _cleanup = [];
    private string _homeSocket = "";
    private string _runSocket = "";
    private readonly SandboxHarness _sandbox;

    public SandboxEscapeTests()
    {
        _sandbox = new SandboxHarness(options =>
        {
            var project = options.WritableDirectories[0];
            var home = Path.Combine(Path.GetDirectoryName(project)!, "home");
            Directory.CreateDirectory(Path.Combine(project, "vendor", "lib", ".git", "hooks"));
            File.WriteAllText(Path.Combine(project, "vendor", "lib", ".git", "config"), "[core]\n");
            Directory.CreateDirectory(Path.Combine(home, ".gnupg"));
            _homeSocket = Listen(Path.Combine(home, ".gnupg", "S.gpg-agent"));
            _runSocket = Listen($"/run/keel-escape-{Guid.NewGuid():N}.sock");
            return options with
            {
                ProtectedPaths = SandboxOptions.DefaultProtectedPaths([project], home),
                HiddenSockets = SandboxOptions.FindSockets(home, _ => null),
            };
        });
    }

    public void Dispose()
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        foreach (var path in _cleanup)
        {
            File.Delete(path);
        }

        _sandbox.Dispose();
    }

    [Fact]
    public async Task Kernel_knobs_are_read_only_even_for_root()
    {
        // Each write puts back the value already there, so a failed protection changes nothing on the host.
        var result = await _sandbox.RunAsync(
            "export LC_ALL=C; for k in vm/overcommit_memory kernel/hostname kernel/core_pattern net/ipv4/ip_forward; do v=$(cat /proc/sys/$k); " +
            "if (printf '%s\\n' \"$v\" > /proc/sys/$k) 2>/dev/null; then echo \"WROTE $k\"; else echo \"refused $k\"; fi; done; " +
            "(echo h > /proc/sysrq-trigger) 2>/dev/null && echo WROTE-sysrq || echo refused-sysrq; id -u");

        result.Text.ShouldNotContain("WROTE");
        result.Text.ShouldContain("refused vm/overcommit_memory");
        result.Text.ShouldContain("refused kernel/core_pattern");
        result.Text.ShouldContain("refused-sysrq");
    }

    [Fact]
    public async Task Host_unix_sockets_are_neither_visible_nor_connectable()
    {
        var result = await _sandbox.RunAsync(
            $"for s in '{_homeSocket}' '{_runSocket}' /run/dbus/system_bus_socket /var/run/docker.sock /run/systemd/private; do " +
            "if [ -S \"$s\" ]; then echo \"EXPOSED $s\"; else echo \"hidden $s\"; fi; done; ls -A /run | wc -l");

        result.Text.ShouldNotContain("EXPOSED");
        result.Text.ShouldContain("hidden " + _homeSocket);
        result.Text.ShouldContain("hidden " + _runSocket);
        result.Text.TrimEnd().Split('\n')[^1].Trim().ShouldBe("0");
    }

    [Fact]
    public async Task A_socket_the_settings_allow_stays_reachable()
    {
        using var sandbox = new SandboxHarness(options => options with { AllowedUnixSockets = [_runSocket] });

        var result = await sandbox.RunAsync($"[ -S '{_runSocket}' ] && echo visible");

        result.Text.ShouldContain("visible");
    }

    [Fact]
    public async Task A_nested_repository_keeps_its_hooks_and_config_read_only()
    {
        var result = await _sandbox.RunAsync(
            "export LC_ALL=C; echo evil > vendor/lib/.git/hooks/pre-commit; echo '[core] fsmonitor=x' >> vendor/lib/.git/config; " +
            "mkdir .husky; echo x > .gitattributes; echo x > /proc/self/cwd/vendor/lib/.git/config; echo done");

        result.Text.ShouldContain("done");
        File.Exists(Path.Combine(_sandbox.Project, "vendor", "lib", ".git", "hooks", "pre-commit")).ShouldBeFalse();
        (await File.ReadAllTextAsync(Path.Combine(_sandbox.Project, "vendor", "lib", ".git", "config"))).ShouldBe("[core]\n");
        Directory.Exists(Path.Combine(_sandbox.Project, ".husky")).ShouldBeFalse();
        File.Exists(Path.Combine(_sandbox.Project, ".gitattributes")).ShouldBeFalse();
    }

    [Fact]
    public async Task Mounts_namespaces_and_host_processes_are_out_of_reach()
    {
        var result = await _sandbox.RunAsync(
            "export LC_ALL=C; umount /proc/sys 2>/dev/null && echo ESCAPED-umount; mount -t tmpfs x /mnt 2>/dev/null && echo ESCAPED-mount; " +
            "mount -o remount,rw / 2>/dev/null && echo ESCAPED-remount; chroot / true 2>/dev/null && echo ESCAPED-chroot; " +
            "nsenter -t 1 -m true 2>/dev/null && echo ESCAPED-nsenter; (echo x > /sys/kernel/uevent_helper) 2>/dev/null && echo ESCAPED-sys; " +
            "rm -rf vendor/lib/.git 2>/dev/null; ln -s /tmp vendor/lib/.git 2>/dev/null && echo ESCAPED-swap; " +
            "ls /proc | grep -c '^[0-9]'; echo end");

        result.Text.ShouldNotContain("ESCAPED");
        result.Text.ShouldContain("end");
        var processes = int.Parse(result.Text.Split('\n').First(l => l.Trim().All(char.IsAsciiDigit) && l.Trim().Length > 0).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        processes.ShouldBeLessThan(10);
    }

    private string Listen(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen(1);
        _listeners.Add(socket);
        _cleanup.Add(path);
        return path;
    }
}
