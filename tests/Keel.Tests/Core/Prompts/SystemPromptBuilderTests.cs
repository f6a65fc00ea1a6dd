using Keel.Core.Prompts;

namespace Keel.Tests.Core.Prompts;

public sealed class SystemPromptBuilderTests
{
    private static PromptEnvironment Env(string cwd, IReadOnlyList<InstructionFile>? files = null, string? memory = null) =>
        new(cwd, [], null, "Unix (Linux)", "/bin/bash", new DateOnly(2026, 3, 4), "claude-test", files ?? [], memory);

    [Fact]
    public void The_static_block_is_first_carries_the_breakpoint_and_is_identical_across_projects()
    {
        var a = SystemPromptBuilder.Build(Env("/work/alpha", [new InstructionFile("/work/alpha/AGENTS.md", "alpha rules")]));
        var b = SystemPromptBuilder.Build(Env("/srv/beta") with { Today = new DateOnly(2027, 1, 1), Model = "other" });

        a[0].ShouldBe(b[0]);
        a[0].CacheBreakpoint.ShouldBeTrue();
        a[0].Text.ShouldBe(SystemPromptBuilder.StaticPart);
        a.Skip(1).ShouldAllBe(block => !block.CacheBreakpoint);
    }

    [Fact]
    public void The_static_part_holds_nothing_that_depends_on_project_time_or_machine()
    {
        var text = SystemPromptBuilder.StaticPart;

        text.ShouldNotContain(Environment.CurrentDirectory);
        text.ShouldNotContain(DateTime.Now.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        text.ShouldNotContain(Environment.UserName);
        text.ShouldNotContain("{");
        text.ShouldStartWith("You are Keel");
    }

    [Fact]
    public void Sections_come_in_order_environment_instructions_memory_appended_text()
    {
        var blocks = SystemPromptBuilder.Build(
            Env("/work/alpha", [new InstructionFile("/work/alpha/AGENTS.md", "alpha rules")], memory: "remembered"),
            append: "appended");

        blocks.Count.ShouldBe(5);
        blocks[1].Text.ShouldStartWith("# Environment\nPlatform: Unix (Linux)\nShell: /bin/bash\nModel: claude-test\nToday's date: 2026-03-04\nWorking directory: /work/alpha\n");
        blocks[2].Text.ShouldContain("## /work/alpha/AGENTS.md\n\nalpha rules\n");
        blocks[3].Text.ShouldBe("# Memory\nremembered\n");
        blocks[4].Text.ShouldBe("appended");
    }

    [Fact]
    public void A_replacement_prompt_takes_the_static_place_and_its_breakpoint()
    {
        var blocks = SystemPromptBuilder.Build(Env("/x"), replaceWith: "custom");

        blocks[0].Text.ShouldBe("custom");
        blocks[0].CacheBreakpoint.ShouldBeTrue();
        blocks.Count.ShouldBe(2);
    }
}
