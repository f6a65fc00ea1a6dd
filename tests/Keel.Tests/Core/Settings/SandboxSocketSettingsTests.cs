namespace Keel.Tests.Core.Settings;

/// <summary>
/// Issue 13 item 10: host UNIX sockets stay out of the sandbox unless <c>sandbox.network.allowUnixSockets</c>
/// (the reference client's name) lists them, and a project's committed settings cannot list them.
/// </summary>
public sealed class SandboxSocketSettingsTests
{
    [Theory]
    [InlineData(".keel/settings.local.json")]
    [InlineData(".claude/settings.local.json")]
    [InlineData("~/.keel/settings.json")]
    public void Sockets_listed_outside_committed_project_settings_are_allowed(string file)
    {
        using var s = new SettingsSandbox();
        Write(s, file, """{"sandbox":{"network":{"allowUnixSockets":["/var/run/docker.sock","/run/user/0/../0/bus"]}}}""");

        s.Load().Sandbox.AllowUnixSockets.ShouldBe(["/var/run/docker.sock", "/run/user/0/bus"]);
    }

    [Theory]
    [InlineData(".keel/settings.json")]
    [InlineData(".claude/settings.json")]
    public void A_committed_project_file_cannot_open_a_host_socket(string file)
    {
        using var s = new SettingsSandbox();
        Write(s, file, """{"sandbox":{"enabled":true,"network":{"allowUnixSockets":["/var/run/docker.sock"]}}}""");

        var sandbox = s.Load().Sandbox;
        sandbox.Enabled.ShouldBe(true);
        sandbox.AllowUnixSockets.ShouldBeEmpty();
    }

    [Fact]
    public void Lists_from_several_files_merge_and_relative_paths_are_dropped()
    {
        using var s = new SettingsSandbox();
        Write(s, "~/.keel/settings.json", """{"sandbox":{"network":{"allowUnixSockets":["/a.sock","relative.sock"]}}}""");
        Write(s, ".keel/settings.local.json", """{"sandbox":{"network":{"allowUnixSockets":["/b.sock","/a.sock"]}}}""");

        s.Load().Sandbox.AllowUnixSockets.Order(StringComparer.Ordinal).ShouldBe(["/a.sock", "/b.sock"]);
    }

    [Fact]
    public void The_flag_file_counts_as_the_users_choice()
    {
        using var s = new SettingsSandbox();
        s.Write("ci.json", """{"sandbox":{"network":{"allowUnixSockets":["/run/ci.sock"]}}}""");

        s.Load(flag: "ci.json").Sandbox.AllowUnixSockets.ShouldBe(["/run/ci.sock"]);
    }

    [Fact]
    public void No_setting_allows_nothing()
    {
        using var s = new SettingsSandbox();
        Write(s, ".keel/settings.local.json", """{"sandbox":{"enabled":true}}""");

        s.Load().Sandbox.AllowUnixSockets.ShouldBeEmpty();
    }

    [Fact]
    public void A_list_that_is_not_strings_is_reported()
    {
        using var s = new SettingsSandbox();
        Write(s, ".keel/settings.local.json", """{"sandbox":{"network":{"allowUnixSockets":"/var/run/docker.sock"}}}""");

        var loaded = s.Load();
        loaded.Sandbox.AllowUnixSockets.ShouldBeEmpty();
        loaded.Warnings.ShouldContain(w => w.ToString().Contains("allowUnixSockets", StringComparison.Ordinal));
    }

    private static void Write(SettingsSandbox s, string file, string json)
    {
        if (file.StartsWith("~/", StringComparison.Ordinal))
        {
            var full = Path.Combine(s.Home, file[2..]);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, json);
        }
        else
        {
            s.Write(file, json);
        }
    }
}
