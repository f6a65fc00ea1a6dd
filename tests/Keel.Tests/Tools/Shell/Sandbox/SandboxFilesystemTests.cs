namespace Keel.Tests.Tools.Shell.Sandbox;

public sealed class SandboxFilesystemTests : IDisposable
{
    private readonly SandboxHarness _sandbox = new();

    [Fact]
    public async Task Writes_inside_the_project_reach_the_host()
    {
        var result = await _sandbox.RunAsync("echo hello > out.txt && mkdir -p deep/er && echo ok");

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldBe("ok");
        (await File.ReadAllTextAsync(Path.Combine(_sandbox.Project, "out.txt"))).ShouldBe("hello\n");
        Directory.Exists(Path.Combine(_sandbox.Project, "deep", "er")).ShouldBeTrue();
    }

    [Fact]
    public async Task Writes_outside_the_working_directories_fail()
    {
        var marker = "keel-sandbox-" + Guid.NewGuid().ToString("N");

        var result = await _sandbox.RunAsync($"touch /etc/{marker}; HOME={_sandbox.Home}; echo x > \"$HOME/{marker}\"");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("Read-only file system");
        File.Exists("/etc/" + marker).ShouldBeFalse();
        File.Exists(Path.Combine(_sandbox.Home, marker)).ShouldBeFalse();
    }

    [Fact]
    public async Task Existing_git_configuration_and_hooks_are_read_only()
    {
        var git = Path.Combine(_sandbox.Project, ".git");
        Directory.CreateDirectory(Path.Combine(git, "hooks"));
        await File.WriteAllTextAsync(Path.Combine(git, "config"), "[core]\n");

        var result = await _sandbox.RunAsync(
            "export LC_ALL=C; echo '[core] fsmonitor = evil' >> .git/config; touch .git/hooks/new; rm -rf .git; echo still here");

        result.Text.ShouldContain(".git/config: Read-only file system");
        result.Text.ShouldContain("cannot touch '.git/hooks/new': Read-only file system");
        result.Text.ShouldContain("still here");
        (await File.ReadAllTextAsync(Path.Combine(git, "config"))).ShouldBe("[core]\n");
        File.Exists(Path.Combine(git, "hooks", "new")).ShouldBeFalse();
    }

    [Fact]
    public async Task Missing_protected_paths_cannot_be_created_and_leave_nothing_behind()
    {
        var result = await _sandbox.RunAsync(
            "export LC_ALL=C; mkdir .keel; echo '{}' > .mcp.json; mkdir -p .git/hooks; mkdir -p .claude && echo x > .claude/settings.json");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("cannot create directory '.keel': File exists");
        result.Text.ShouldContain(".mcp.json: Is a directory");
        result.Text.ShouldContain(".claude/settings.json: Read-only file system");
        Directory.EnumerateFileSystemEntries(_sandbox.Project).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_worktree_git_file_protects_the_git_directories_it_points_to()
    {
        var store = Path.Combine(_sandbox.Root, "store");
        var common = Path.Combine(store, ".git");
        var worktree = Path.Combine(common, "worktrees", "wt");
        Directory.CreateDirectory(worktree);
        await File.WriteAllTextAsync(Path.Combine(worktree, "commondir"), "../..\n");
        using var sandbox = new SandboxHarness(options => options with { WritableDirectories = [.. options.WritableDirectories, store] });
        await File.WriteAllTextAsync(Path.Combine(sandbox.Project, ".git"), "gitdir: " + worktree + "\n");

        var result = await sandbox.RunAsync($"export LC_ALL=C; cd {sandbox.Project}; touch {worktree}/config.worktree {common}/config; echo > .git; touch {store}/free && echo free");

        result.Text.ShouldContain("config.worktree': Read-only file system");
        result.Text.ShouldContain(".git/config': Read-only file system");
        result.Text.ShouldContain(".git: Read-only file system");
        result.Text.ShouldStartWith("free\n");
        File.Exists(Path.Combine(common, "config")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_symlinked_protected_path_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(_sandbox.Root, "elsewhere"));
        Directory.CreateSymbolicLink(Path.Combine(_sandbox.Project, ".git"), Path.Combine(_sandbox.Root, "elsewhere"));

        var result = await _sandbox.RunAsync("touch ran");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("is a symbolic link");
        File.Exists(Path.Combine(_sandbox.Project, "ran")).ShouldBeFalse();
    }

    [Fact]
    public async Task Credentials_in_home_cannot_be_read()
    {
        Directory.CreateDirectory(Path.Combine(_sandbox.Home, ".ssh"));
        await File.WriteAllTextAsync(Path.Combine(_sandbox.Home, ".ssh", "id_rsa"), "PRIVATE KEY");
        await File.WriteAllTextAsync(Path.Combine(_sandbox.Home, ".netrc"), "machine x password secret");
        await File.WriteAllTextAsync(Path.Combine(_sandbox.Home, "notes.txt"), "public notes");

        var result = await _sandbox.RunAsync($"cd {_sandbox.Home}; cat notes.txt; echo; cat .ssh/id_rsa; cat .netrc; echo end");

        result.Text.ShouldStartWith("public notes\n");
        result.Text.ShouldContain(".ssh/id_rsa: No such file or directory");
        result.Text.ShouldNotContain("PRIVATE KEY");
        result.Text.ShouldNotContain("secret");
    }

    [Fact]
    public async Task Tmp_is_private_to_the_sandbox()
    {
        var name = "keel-private-" + Guid.NewGuid().ToString("N");

        var result = await _sandbox.RunAsync($"echo inside > /tmp/{name} && cat /tmp/{name}");

        result.Text.ShouldBe("inside");
        File.Exists(Path.Combine("/tmp", name)).ShouldBeFalse();
    }

    [Fact]
    public async Task The_working_directory_persists_between_sandboxed_commands()
    {
        await _sandbox.RunAsync("mkdir -p sub/dir && cd sub/dir");

        var result = await _sandbox.RunAsync("pwd; exit 3");

        result.Text.ShouldBe(Path.Combine(_sandbox.Project, "sub", "dir") + "\nExit code 3");
        _sandbox.Session.CurrentDirectory.ShouldBe(Path.Combine(_sandbox.Project, "sub", "dir"));
    }

    public void Dispose() => _sandbox.Dispose();
}
