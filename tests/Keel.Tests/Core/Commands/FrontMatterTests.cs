using Keel.Core.Markdown;

namespace Keel.Tests.Core.Commands;

public sealed class FrontMatterTests
{
    [Fact]
    public void Reads_scalars_quoted_values_booleans_and_tool_lists()
    {
        var file = FrontMatter.Parse("""
            ---
            description: "Create a commit: staged only"
            argument-hint: [message]
            allowed-tools: Bash(git add:*), Bash(git commit:*) Read
            model: haiku  # cheap
            disable-model-invocation: true
            ---
            Commit with $ARGUMENTS
            """);

        file.Get("description").ShouldBe("Create a commit: staged only");
        file.Get("argument-hint").ShouldBe("[message]");
        file.GetList("allowed-tools").ShouldBe(["Bash(git add:*)", "Bash(git commit:*)", "Read"]);
        file.Get("model").ShouldBe("haiku");
        file.GetBool("disable-model-invocation").ShouldBe(true);
        file.Body.ShouldBe("Commit with $ARGUMENTS");
    }

    [Fact]
    public void Reads_block_lists_and_multi_line_text()
    {
        var file = FrontMatter.Parse("---\nallowed-tools:\n  - Read\n  - \"Bash(ls:*)\"\ndescription: >\n  Folded\n  text\n---\nbody\n");

        file.GetList("allowed-tools").ShouldBe(["Read", "Bash(ls:*)"]);
        file.Get("description").ShouldBe("Folded text");
        file.Body.ShouldBe("body\n");
    }

    [Fact]
    public void Text_without_front_matter_or_with_an_unclosed_one_is_all_body()
    {
        FrontMatter.Parse("just text").Body.ShouldBe("just text");
        var unclosed = FrontMatter.Parse("---\ndescription: x\nno end");
        unclosed.Get("description").ShouldBeNull();
        unclosed.Body.ShouldStartWith("---");
    }
}
