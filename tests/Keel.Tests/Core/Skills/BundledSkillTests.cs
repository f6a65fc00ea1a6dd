using Keel.Core.Skills;
using Keel.Tests.Core.Permissions;

namespace Keel.Tests.Core.Skills;

public sealed class BundledSkillTests : IDisposable
{
    private readonly PermissionWorld _world = new();

    [Fact]
    public void Every_bundled_skill_ships_in_the_binary_with_a_description()
    {
        var names = BundledSkills.Load().Select(static s => s.Name).ToList();

        names.ShouldBe(["commit", "init", "loop", "pr-comments", "review", "security-review", "simplify"]);
        foreach (var skill in BundledSkills.Load())
        {
            skill.IsBundled.ShouldBeTrue();
            skill.Source.ShouldBe("bundled");
            skill.Description.ShouldNotStartWith("(no description)");
            skill.Body.ShouldContain("$ARGUMENTS");
        }

        BundledSkills.Load().Single(static s => s.Name == "loop").DisableModelInvocation.ShouldBeTrue();
    }

    [Fact]
    public void A_skill_or_command_file_of_the_same_name_replaces_the_bundled_one()
    {
        Directory.CreateDirectory(Path.Combine(_world.Project, ".claude", "skills", "review"));
        File.WriteAllText(Path.Combine(_world.Project, ".claude", "skills", "review", "SKILL.md"), "---\ndescription: ours\n---\nReview our way.");
        Directory.CreateDirectory(Path.Combine(_world.Home, ".keel", "commands"));
        File.WriteAllText(Path.Combine(_world.Home, ".keel", "commands", "commit.md"), "Commit our way.");

        var all = SkillLoader.WithBundled(SkillLoader.Load(_world.Project, _world.Home, null), _world.Project, _world.Home);

        all.Single(static s => s.Name == "review").Description.ShouldBe("ours");
        all.ShouldNotContain(static s => s.Name == "commit");
        all.ShouldContain(static s => s.Name == "init" && s.IsBundled);
    }

    [Theory]
    [InlineData("1s check it", 1, "1s", "check it")]
    [InlineData("5m /review", 300, "5m", "/review")]
    [InlineData("2h  watch the deploy ", 7200, "2h", "watch the deploy")]
    [InlineData("check the build", 600, "10m", "check the build")]
    [InlineData("1d", 86400, "1d", "")]
    public void Loop_arguments_split_into_interval_and_prompt(string arguments, int seconds, string text, string prompt)
    {
        var (interval, intervalText, rest) = LoopCommand.Split(arguments);

        interval.ShouldBe(TimeSpan.FromSeconds(seconds));
        intervalText.ShouldBe(text);
        rest.ShouldBe(prompt);
    }

    [Theory]
    [InlineData("5x run")]
    [InlineData("0s run")]
    public void A_malformed_interval_is_refused(string arguments) =>
        LoopCommand.Split(arguments).Interval.ShouldBeNull();

    public void Dispose() => _world.Dispose();
}
