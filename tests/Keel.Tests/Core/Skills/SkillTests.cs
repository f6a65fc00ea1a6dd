using Keel.Core.Compaction;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Skills;
using Keel.Core.Tools;
using Keel.Tests.Core.Permissions;
using Keel.Tools.Shell;
using Keel.Tools.Skills;

namespace Keel.Tests.Core.Skills;

public sealed class SkillTests : IDisposable
{
    private readonly PermissionWorld _world = new();

    [Theory]
    [InlineData(".keel")]
    [InlineData(".claude")]
    public void Skills_are_found_with_their_front_matter_and_listed_by_name_and_description(string dir)
    {
        WriteSkill(dir, "pdf", "---\nname: PDF tools\ndescription: Fill and merge PDF forms\nallowed-tools: Bash(pdftk:*)\ncontext: fork\n---\nUse forms.md.");
        WriteSkill(dir, "team/notes", "---\ndescription: Release notes\nuser-invocable: false\n---\nWrite notes.");
        WriteSkill(dir, "secret", "---\ndescription: Only for people\ndisable-model-invocation: true\n---\nhidden");

        var catalog = new SkillCatalog(SkillLoader.Load(_world.Project, _world.Home, null));

        var pdf = catalog.Find("pdf").ShouldNotBeNull();
        pdf.DisplayName.ShouldBe("PDF tools");
        pdf.AllowedTools.ShouldBe(["Bash(pdftk:*)"]);
        pdf.Forks.ShouldBeTrue();
        pdf.Source.ShouldBe("project");
        catalog.Find("team:notes").ShouldNotBeNull().UserInvocable.ShouldBeFalse();
        var listing = catalog.Listing().ShouldNotBeNull();
        listing.ShouldContain("- pdf: Fill and merge PDF forms");
        listing.ShouldContain("- team:notes: Release notes");
        listing.ShouldNotContain("secret");
        listing.ShouldNotContain("Use forms.md");
    }

    [Fact]
    public void The_listing_keeps_within_its_budget()
    {
        for (var i = 0; i < 40; i++)
        {
            WriteSkill(".keel", $"s{i:00}", $"---\ndescription: {new string('d', 2000)}\n---\nbody");
        }

        var listing = new SkillCatalog(SkillLoader.Load(_world.Project, _world.Home, null)).Listing().ShouldNotBeNull();

        listing.Length.ShouldBeLessThan(SkillCatalog.MaxListingChars + 2000);
        listing.ShouldContain("more skills not listed for space");
        listing.ShouldNotContain(new string('d', SkillCatalog.MaxEntryChars + 1));
    }

    [Fact]
    public void A_personal_skill_wins_over_a_project_skill_of_the_same_name()
    {
        WriteSkill(".claude", "fmt", "---\ndescription: project fmt\n---\np");
        var user = Path.Combine(_world.Home, ".claude", "skills", "fmt", "SKILL.md");
        Directory.CreateDirectory(Path.GetDirectoryName(user)!);
        File.WriteAllText(user, "---\ndescription: user fmt\n---\nu");
        var warnings = new List<string>();

        var skills = SkillLoader.Load(_world.Project, _world.Home, null, warnings);

        skills.ShouldHaveSingleItem().Description.ShouldBe("user fmt");
        warnings.ShouldHaveSingleItem().ShouldContain("hidden");
    }

    [Fact]
    public async Task The_skill_tool_returns_the_body_with_the_folder_and_allows_reads_and_tools_there()
    {
        var folder = WriteSkill(".keel", "deploy", user: true, text: "---\ndescription: Deploy\nallowed-tools: Bash(echo:*)\n---\nRun deploy for $0 from ${CLAUDE_SKILL_DIR}.\nVersion: !`echo v42`");
        File.WriteAllText(Path.Combine(folder, "steps.md"), "steps");
        var engine = _world.Engine();
        _world.Decide(engine, "Read", Path.Combine(folder, "steps.md")).ShouldBe(PermissionBehavior.Ask);
        var session = Session(engine);
        var catalog = new SkillCatalog(SkillLoader.Load(_world.Project, _world.Home, null));
        var invoked = new InvokedSkills();
        var tool = new SkillTool(new SkillInvoker(catalog, invoked, engine, ShellTools.CreateBash()), () => "sid");
        using var turn = engine.BeginTurn([]);

        var result = await tool.ExecuteAsync(PermissionWorld.Input("""{"skill":"deploy","args":"staging"}"""), new ToolContext("t1", session), CancellationToken.None);

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldContain($"Run deploy for staging from {folder}.");
        result.Text.ShouldContain("Version: v42");
        result.Text.ShouldContain($"folder=\"{folder}\"");
        invoked.Names.ShouldBe(["deploy"]);
        engine.Evaluate("Bash", PermissionWorld.Input("""{"command":"echo later"}"""), _world.Project).Decision.Behavior.ShouldBe(PermissionBehavior.Allow);
        _world.Decide(engine, "Read", Path.Combine(folder, "steps.md")).ShouldBe(PermissionBehavior.Allow);
    }

    [Fact]
    public async Task An_unknown_or_user_only_skill_is_an_error_naming_the_available_ones()
    {
        WriteSkill(".keel", "one", "---\ndescription: One\n---\nbody");
        WriteSkill(".keel", "manual", "---\ndescription: Manual\ndisable-model-invocation: true\n---\nbody");
        var engine = _world.Engine();
        var catalog = new SkillCatalog(SkillLoader.Load(_world.Project, _world.Home, null));
        var tool = new SkillTool(new SkillInvoker(catalog, new InvokedSkills(), engine, null), () => "sid");

        var result = await tool.ExecuteAsync(PermissionWorld.Input("""{"skill":"manual"}"""), new ToolContext("t1", Session(engine)), CancellationToken.None);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("Available: one.");
    }

    [Fact]
    public async Task A_skill_with_paths_is_offered_only_once_a_tool_works_on_a_file_it_covers()
    {
        WriteSkill(".claude", "migrations", "---\ndescription: Write database migrations\npaths:\n  - db/migrations/**\n---\nUse the template.");
        WriteSkill(".claude", "always", "---\ndescription: Always there\n---\nbody");
        var engine = _world.Engine();
        var catalog = new SkillCatalog(SkillLoader.Load(_world.Project, _world.Home, null));
        var session = Session(engine);
        var tool = new SkillTool(new SkillInvoker(catalog, new InvokedSkills(), engine, null), () => "sid");
        var conditional = new ConditionalSkills(catalog, _world.Project, _world.Home);
        static ToolUseBlock Read(string path) => new("toolu_r", "Read", PermissionWorld.Input($$"""{"file_path":"{{path}}"}"""));

        catalog.HasModelInvocable.ShouldBeTrue();
        catalog.Listing().ShouldNotBeNull().ShouldNotContain("migrations");
        (await tool.ExecuteAsync(PermissionWorld.Input("""{"skill":"migrations"}"""), new ToolContext("t1", session), CancellationToken.None)).IsError.ShouldBeTrue();
        conditional.For(Read("src/app.cs"), ToolResult.Success("code"), session).ShouldBeNull();
        conditional.For(Read("db/migrations/001.sql"), ToolResult.Error("no such file"), session).ShouldBeNull();

        var attached = conditional.For(Read("db/migrations/001.sql"), ToolResult.Success("create table"), session).ShouldNotBeNull();

        attached.ShouldContain("- migrations: Write database migrations");
        attached.ShouldNotContain("always");
        catalog.ModelInvocable.Select(static s => s.Name).ShouldBe(["always", "migrations"], ignoreOrder: true);
        (await tool.ExecuteAsync(PermissionWorld.Input("""{"skill":"migrations"}"""), new ToolContext("t2", session), CancellationToken.None)).Text.ShouldContain("Use the template.");
        conditional.For(Read("db/migrations/002.sql"), ToolResult.Success("alter table"), session).ShouldBeNull();
    }

    [Fact]
    public void Result_attachments_from_several_sources_are_joined_in_order()
    {
        WriteSkill(".keel", "docs", "---\ndescription: Docs style\npaths: docs/*.md\n---\nbody");
        var catalog = new SkillCatalog(SkillLoader.Load(_world.Project, _world.Home, null));
        var chain = new ResultAttachmentsChain([new ConditionalSkills(catalog, _world.Project, _world.Home), new ConditionalSkills(catalog, _world.Project, _world.Home)]);

        var attached = chain.For(new ToolUseBlock("toolu_e", "Edit", PermissionWorld.Input("""{"file_path":"docs/a.md"}""")), ToolResult.Success("ok"), Session(_world.Engine()));

        attached.ShouldNotBeNull().Split("- docs: Docs style").Length.ShouldBe(2, "the second source finds the skill already offered");
    }

    [Fact]
    public void Invoked_skills_are_reattached_after_compaction()
    {
        var invoked = new InvokedSkills();
        invoked.Record("deploy", "<skill name=\"deploy\">Always run the smoke test.</skill>");

        var message = ContextReattacher.Build("summary", [], new CompactionSettings(200_000), ContextThresholds.For(200_000), null, [invoked]);

        var text = string.Concat(message.Content.OfType<TextBlock>().Select(static b => b.Text));
        text.ShouldContain("Always run the smoke test.");
        text.ShouldContain("still apply");
    }

    private ToolSession Session(PermissionEngine engine) =>
        new(_world.Project, [], Path.Combine(_world.Root, ".session"), TimeProvider.System) { Paths = engine.Paths };

    private string WriteSkill(string dir, string name, string text, bool user = false)
    {
        var folder = Path.Combine(user ? _world.Home : _world.Project, dir, "skills", name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "SKILL.md"), text);
        return folder;
    }

    public void Dispose() => _world.Dispose();
}
