using Keel.Core.Permissions;

namespace Keel.Tests.Core.Permissions;

/// <summary>
/// The worktree exemption through the real engine and a real file system: in acceptEdits an edit inside a worktree is
/// allowed like any project edit, but symlinks, '..', the worktree's own .git/.keel and the worktree folders themselves
/// keep asking, from the user's session and from an agent whose project is the worktree, for the file tools and Bash.
/// </summary>
public sealed class WorktreePermissionTests : IDisposable
{
    private static readonly string[] ShellAllows = ["Bash(echo:*)", "Bash(mv:*)", "Bash(cp:*)", "Bash(ln:*)", "Bash(touch:*)", "Bash(mkdir:*)", "Bash(tee:*)", "Bash(rm:*)", "Bash(sed:*)"];
    private readonly PermissionWorld _w = new();

    public WorktreePermissionTests()
    {
        Tree = Path.Combine(_w.Project, ".keel", "worktrees", "feature");
        _w.Write(".keel/settings.json", "{}");
        _w.Write(Path.Combine(Tree, "src", "app.cs"));
        _w.Write(Path.Combine(Tree, ".git"), "gitdir: ../../../.git/worktrees/feature\n");
        _w.Write(Path.Combine(Tree, ".keel", "settings.json"), "{}");
    }

    private string Tree { get; }

    public void Dispose() => _w.Dispose();

    [Theory]
    [InlineData("src/app.cs")]
    [InlineData("src/new/file.cs")]
    [InlineData("README.md")]
    public void An_agent_in_the_worktree_edits_its_files_like_a_project(string path)
    {
        var agent = AgentEngine();

        Write(agent, path, Tree).ShouldBe(PermissionBehavior.Allow);
        Write(Session(), Path.Combine(Tree, path), _w.Project).ShouldBe(PermissionBehavior.Allow);
    }

    [Theory]
    [InlineData(".git")]
    [InlineData(".git/config")]
    [InlineData(".keel/settings.json")]
    [InlineData(".keel/settings.local.json")]
    [InlineData(".keel/hooks/stop.sh")]
    [InlineData(".claude/settings.json")]
    [InlineData(".mcp.json")]
    [InlineData("../../settings.local.json")]
    [InlineData("../../settings.json")]
    [InlineData("../../hooks/h.sh")]
    [InlineData("src/../../../settings.json")]
    [InlineData("../other")]
    [InlineData("..")]
    [InlineData("../../../.git/config")]
    [InlineData("../../../.git/worktrees/feature/HEAD")]
    public void An_agent_in_the_worktree_still_asks_for_configuration(string path)
    {
        var d = AgentEngine().Evaluate("Write", PermissionWorld.FileInput(path), Tree).Decision;

        d.Behavior.ShouldBe(PermissionBehavior.Ask, $"{path}: {d.Reason}");
        d.Source.ShouldBe("protectedPath");
    }

    [Theory]
    [InlineData(".keel/worktrees")]
    [InlineData(".keel/worktrees/feature")]
    [InlineData(".keel/worktrees/newone")]
    [InlineData(".keel/worktrees/feature/.git")]
    [InlineData(".keel/worktrees/feature/.keel/settings.json")]
    [InlineData(".keel/worktrees/feature/../../settings.local.json")]
    [InlineData(".keel/worktrees/feature/./../../settings.json")]
    [InlineData(".keel/worktrees/../settings.json")]
    [InlineData(".keel/worktrees/.git/config")]
    [InlineData(".keel/worktrees/-x/file")]
    [InlineData(".keel/worktrees/x.lock/file")]
    [InlineData(".keel/Worktrees/feature/file")]
    public void The_users_session_still_asks_for_worktree_folders_and_configuration(string path)
    {
        var d = Session().Evaluate("Write", PermissionWorld.FileInput(path), _w.Project).Decision;

        d.Behavior.ShouldBe(PermissionBehavior.Ask, $"{path}: {d.Reason}");
        d.Source.ShouldBe("protectedPath");
    }

    [Fact]
    public void Symlinks_inside_a_worktree_do_not_lead_into_configuration()
    {
        Directory.CreateSymbolicLink(Path.Combine(Tree, "cfg"), Path.Combine(_w.Project, ".keel"));
        File.CreateSymbolicLink(Path.Combine(Tree, "settings.json"), Path.Combine(_w.Project, ".keel", "settings.json"));
        File.CreateSymbolicLink(Path.Combine(Tree, "dangling.json"), "../../settings.local.json");
        Directory.CreateSymbolicLink(Path.Combine(Tree, "gitdir"), Path.Combine(_w.Project, ".git"));
        Directory.CreateSymbolicLink(Path.Combine(Tree, "home"), _w.Home);

        foreach (var (engine, cwd, prefix) in new[] { (AgentEngine(), Tree, string.Empty), (Session(), _w.Project, ".keel/worktrees/feature/") })
        {
            foreach (var path in new[] { "cfg/settings.json", "cfg/hooks/new.sh", "settings.json", "dangling.json", "gitdir/config", "home/.bashrc" })
            {
                var d = engine.Evaluate("Edit", PermissionWorld.FileInput(prefix + path), cwd).Decision;
                d.Behavior.ShouldBe(PermissionBehavior.Ask, $"{prefix}{path}: {d.Reason}");
                d.Source.ShouldBe("protectedPath");
            }
        }
    }

    [Fact]
    public void A_worktree_name_that_is_a_symlink_into_configuration_stays_protected()
    {
        // A repository can commit .keel/worktrees/evil as a link to .keel itself.
        Directory.CreateSymbolicLink(Path.Combine(_w.Project, ".keel", "worktrees", "evil"), "..");

        Write(Session(), ".keel/worktrees/evil/settings.json", _w.Project).ShouldBe(PermissionBehavior.Ask);
        Write(Session(), ".keel/worktrees/evil/settings.local.json", _w.Project).ShouldBe(PermissionBehavior.Ask);
        Write(Session(), ".keel/worktrees/evil/hooks/x.sh", _w.Project).ShouldBe(PermissionBehavior.Ask);
    }

    [Fact]
    public void A_worktrees_folder_that_is_a_symlink_into_configuration_stays_protected()
    {
        using var w = new PermissionWorld();
        Directory.CreateDirectory(Path.Combine(w.Project, ".keel", "hooks"));
        Directory.CreateSymbolicLink(Path.Combine(w.Project, ".keel", "worktrees"), "hooks");
        var engine = w.Engine(PermissionMode.AcceptEdits, allow: ["Edit", "Write"]);

        engine.Evaluate("Write", PermissionWorld.FileInput(".keel/worktrees/x/pre-start.sh"), w.Project).Decision.Behavior.ShouldBe(PermissionBehavior.Ask);
    }

    [Theory]
    [InlineData("mv evil.json .keel/worktrees/feature/../../settings.json")]
    [InlineData("mv .keel/settings.json .keel/worktrees/feature/s.json")]
    [InlineData("mv .keel/worktrees/feature .keel/worktrees/other")]
    [InlineData("mv src .keel/worktrees/newone")]
    [InlineData("cp evil.json .keel/worktrees/feature/.keel/settings.json")]
    [InlineData("cp evil.json .keel/worktrees/feature/.git")]
    [InlineData("ln -s ../../settings.json .keel/worktrees/newone")]
    [InlineData("ln -sf /tmp/x .keel/worktrees/feature")]
    [InlineData("ln -s x .keel/worktrees")]
    [InlineData("echo x > .keel/worktrees/feature/link/settings.json")]
    [InlineData("echo x > .keel/worktrees/feature/../../settings.local.json")]
    [InlineData("echo x > .keel/worktrees/feature/..//../settings.local.json")]
    [InlineData("echo x > $'.keel/worktrees/feature/../../settings.json'")]
    [InlineData("echo x > .keel/worktrees/../settings.json")]
    [InlineData("echo x >> .keel/worktrees/feature/.git")]
    [InlineData("cd .keel/worktrees/feature && echo x > ../../settings.json")]
    [InlineData("cd .keel/worktrees/feature/src && echo x > ../.keel/settings.json")]
    [InlineData("cd .keel/worktrees/feature && tee .git < /dev/null")]
    [InlineData("touch .keel/worktrees/feature/.keel/hooks/h.sh")]
    [InlineData("mkdir -p .keel/worktrees/feature/.claude/commands")]
    [InlineData("rm -rf .keel/worktrees/feature")]
    [InlineData("rm -rf .keel/worktrees")]
    [InlineData("sed -i s/a/b/ .keel/worktrees/feature/.keel/settings.json")]
    [InlineData("bash -c 'echo x > .keel/worktrees/feature/../../settings.json'")]
    public void Shell_writes_into_configuration_through_worktree_paths_ask(string command)
    {
        Directory.CreateSymbolicLink(Path.Combine(Tree, "link"), Path.Combine(_w.Project, ".keel"));
        _w.Write("evil.json", "{}");
        _w.Write("src/x.txt");

        var d = Session().Evaluate("Bash", PermissionWorld.Input(Json(command)), _w.Project).Decision;

        d.Behavior.ShouldBe(PermissionBehavior.Ask, $"{command}: {d.Reason}");
    }

    [Theory]
    [InlineData("echo x > .keel/worktrees/feature/src/out.txt")]
    [InlineData("touch .keel/worktrees/feature/src/app.cs")]
    [InlineData("cd .keel/worktrees/feature && echo x > notes.txt")]
    public void Shell_writes_to_worktree_files_are_allowed_like_project_files(string command)
    {
        var d = Session().Evaluate("Bash", PermissionWorld.Input(Json(command)), _w.Project).Decision;

        d.Behavior.ShouldBe(PermissionBehavior.Allow, $"{command}: {d.Reason}");
    }

    [Theory]
    [InlineData("echo x > src/out.txt", PermissionBehavior.Allow)]
    [InlineData("echo x > .keel/settings.json", PermissionBehavior.Ask)]
    [InlineData("echo x > ../../settings.json", PermissionBehavior.Ask)]
    [InlineData("cd .. && echo x > feature/.git", PermissionBehavior.Ask)]
    [InlineData("echo x > .git", PermissionBehavior.Ask)]
    public void Shell_in_an_agents_worktree_follows_the_same_lines(string command, PermissionBehavior expected)
    {
        var d = AgentEngine().Evaluate("Bash", PermissionWorld.Input(Json(command)), Tree).Decision;

        d.Behavior.ShouldBe(expected, $"{command}: {d.Reason}");
    }

    private static string Json(string command) => "{\"command\":\"" + System.Text.Json.JsonEncodedText.Encode(command) + "\"}";

    private PermissionEngine Session() => _w.Engine(PermissionMode.AcceptEdits, allow: ShellAllows);

    /// <summary>The engine an isolated agent gets: its project is the worktree.</summary>
    private PermissionEngine AgentEngine()
    {
        var rules = ShellAllows.Select(r => PermissionRuleParser.Parse(r, PermissionBehavior.Allow, Keel.Core.Settings.SettingsSources.CliArg, Tree).Rule!).ToList();
        var engine = new PermissionEngine(new PermissionContext(Tree, [], _w.Home, PermissionMode.AcceptEdits, rules));
        engine.Tools.Register(Keel.Tests.Tools.BuiltInToolsForTests.All());
        return engine;
    }

    private static PermissionBehavior Write(PermissionEngine engine, string path, string cwd) =>
        engine.Evaluate("Write", PermissionWorld.FileInput(path), cwd).Decision.Behavior;
}
