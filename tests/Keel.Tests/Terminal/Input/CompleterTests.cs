using Keel.Core.Commands;
using Keel.Terminal.Commands;
using Keel.Terminal.Input;

namespace Keel.Tests.Terminal.Input;

public sealed class CompleterTests
{
    private static readonly string[] Files = ["README.md", "src/app/Program.cs", "src/app/ProgramTests.cs", "docs/guide.md"];

    private static Completer Create()
    {
        var registry = new SlashCommandRegistry();
        InteractiveCommands.Register(registry, new InteractiveCommandServices(_ => Task.FromResult("ok"), [], "test", _ => null, TimeProvider.System));
        return new Completer(registry, () => Files);
    }

    [Fact]
    public void A_unique_command_prefix_completes_with_a_space()
    {
        Create().Complete("/doc", 4).NewText.ShouldBe("/doctor ");
    }

    [Fact]
    public void An_ambiguous_command_prefix_lists_the_candidates()
    {
        var completion = Create().Complete("/c", 2);
        completion.Candidates.ShouldBe(["/clear", "/compact", "/context", "/cost"]);
    }

    [Fact]
    public void File_mentions_match_fuzzily_and_prefer_file_names()
    {
        var completion = Create().Complete("look at @prgtest", 16);
        completion.NewText.ShouldBe("look at @src/app/ProgramTests.cs ");
        Completer.Fuzzy(Files, "prog").First().ShouldBe("src/app/Program.cs");
        Completer.Fuzzy(Files, "zzz").ShouldBeEmpty();
    }

    [Fact]
    public void Plain_words_do_not_complete()
    {
        var completion = Create().Complete("hello", 5);
        completion.NewText.ShouldBeNull();
        completion.Candidates.ShouldBeEmpty();
    }
}
