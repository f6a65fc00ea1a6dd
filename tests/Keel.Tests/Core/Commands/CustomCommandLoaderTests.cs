using Keel.Core.Commands;

namespace Keel.Tests.Core.Commands;

public sealed class CustomCommandLoaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("keel-cmds-").FullName;

    [Theory]
    [InlineData(".keel")]
    [InlineData(".claude")]
    public void Subfolders_namespace_commands_and_front_matter_is_read(string dir)
    {
        var project = Path.Combine(_root, "p");
        Write(Path.Combine(project, dir, "commands", "frontend", "lint.md"), "---\ndescription: Lint the UI\nallowed-tools: Bash(npm run lint:*)\nmodel: haiku\n---\nLint $ARGUMENTS");
        Write(Path.Combine(project, dir, "commands", "plain.md"), "# Do the plain thing\nmore");

        var commands = CustomCommandLoader.Load(project, Path.Combine(_root, "home"));

        var lint = commands.Single(c => c.Name == "frontend:lint");
        lint.Description.ShouldBe("Lint the UI (project:frontend)");
        lint.AllowedTools.ShouldBe(["Bash(npm run lint:*)"]);
        lint.Model.ShouldBe("haiku");
        lint.Source.ShouldBe("project");
        commands.Single(c => c.Name == "plain").Description.ShouldBe("Do the plain thing (project)");
    }

    [Fact]
    public void A_project_command_hides_a_user_command_of_the_same_name_and_the_registry_says_so()
    {
        var project = Path.Combine(_root, "p");
        var home = Path.Combine(_root, "home");
        Write(Path.Combine(home, ".claude", "commands", "review.md"), "user review");
        Write(Path.Combine(project, ".claude", "commands", "review.md"), "project review");

        var registry = new SlashCommandRegistry();
        foreach (var command in CustomCommandLoader.Load(project, home))
        {
            registry.Register(command);
        }

        ((MarkdownCommand)registry.Find("review")!).Source.ShouldBe("project");
        registry.Conflicts.ShouldHaveSingleItem().ShouldBe("/review from user is hidden by the one from project.");
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
