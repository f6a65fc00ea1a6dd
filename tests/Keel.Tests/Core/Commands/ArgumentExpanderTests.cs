using Keel.Core.Commands;

namespace Keel.Tests.Core.Commands;

public sealed class ArgumentExpanderTests
{
    [Fact]
    public void Arguments_is_the_whole_text_after_the_name()
    {
        ArgumentExpander.Expand("Review $ARGUMENTS carefully", "src/a.cs  and b", ArgumentNumbering.CommandFile)
            .ShouldBe("Review src/a.cs  and b carefully");
    }

    [Fact]
    public void Command_files_count_positional_arguments_from_one()
    {
        ArgumentExpander.Expand("fix issue $1 with priority $2", "123 high", ArgumentNumbering.CommandFile)
            .ShouldBe("fix issue 123 with priority high");
    }

    [Fact]
    public void A_command_file_that_uses_dollar_zero_counts_from_zero()
    {
        ArgumentExpander.Expand("fix issue $0 with priority $1", "123 high", ArgumentNumbering.CommandFile)
            .ShouldBe("fix issue 123 with priority high");
    }

    [Fact]
    public void Skills_count_from_zero_and_arguments_index_is_zero_based()
    {
        ArgumentExpander.Expand("$0 then $1; again $ARGUMENTS[1]", "first second", ArgumentNumbering.ZeroBased)
            .ShouldBe("first then second; again second");
    }

    [Fact]
    public void Quoted_arguments_stay_together_and_missing_ones_are_empty()
    {
        ArgumentExpander.Expand("[$1] [$2] [$3]", "\"two words\" 'x y' ", ArgumentNumbering.CommandFile)
            .ShouldBe("[two words] [x y] []");
    }

    [Fact]
    public void A_backslash_keeps_a_literal_dollar()
    {
        ArgumentExpander.Expand(@"costs \$1 for $1", "apples", ArgumentNumbering.CommandFile)
            .ShouldBe("costs $1 for apples");
    }

    [Fact]
    public void Arguments_are_appended_when_the_body_has_no_placeholder()
    {
        ArgumentExpander.Expand("Summarise the diff.\n", "only tests", ArgumentNumbering.CommandFile)
            .ShouldBe("Summarise the diff.\n\nARGUMENTS: only tests");
        ArgumentExpander.Expand("Summarise the diff.", string.Empty, ArgumentNumbering.CommandFile)
            .ShouldBe("Summarise the diff.");
    }

    [Fact]
    public void Variables_and_declared_names_are_filled_in_and_unknown_ones_are_left()
    {
        var variables = new Dictionary<string, string> { ["CLAUDE_SKILL_DIR"] = "/skills/pdf" };
        ArgumentExpander.Expand("run ${CLAUDE_SKILL_DIR}/x.sh on $file, keep $HOME and ${OTHER}", "a.pdf", ArgumentNumbering.ZeroBased, variables, ["file"])
            .ShouldBe("run /skills/pdf/x.sh on a.pdf, keep $HOME and ${OTHER}");
    }
}
