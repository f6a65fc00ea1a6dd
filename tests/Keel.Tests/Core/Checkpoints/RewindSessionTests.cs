using Keel.Core.Checkpoints;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Sessions;
using Keel.Tests.Core.Sessions;

namespace Keel.Tests.Core.Checkpoints;

public sealed class RewindSessionTests
{
    private static SessionHarness Harness(ScribeTool tool, bool compaction = false)
    {
        var h = new SessionHarness([tool], PermissionMode.BypassPermissions, compaction);
        h.Tools.Checkpoints = new FileCheckpoints(Path.Combine(h.Root, ".session", "checkpoints"));
        return h;
    }

    private static string Write(string path, string text) =>
        $$"""{"path":"{{path}}","text":"{{text}}"}""";

    [Fact]
    public async Task Files_written_over_two_prompts_go_back_with_the_code_and_the_conversation_goes_back_on_its_own()
    {
        var tool = new ScribeTool();
        await using var h = Harness(tool);
        File.WriteAllText(Path.Combine(h.Root, "a.txt"), "a0\n");
        h.Model.ToolUse("Scribe", Write("a.txt", "a1\\n")).Text("first done").ToolUse("Scribe", Write("b.txt", "b1\\n")).Text("second done");
        await h.Session.Submit(SendUserTurn.Text("edit a"));
        await h.Session.Submit(SendUserTurn.Text("edit b"));

        var first = h.Session.Prompts[0];
        var preview = await h.Session.RewindFilesAsync(new RewindFiles(first.Id) { DryRun = true });
        preview.Files.Select(f => (Path.GetFileName(f.Path), f.Status)).ShouldBe([("a.txt", FileRewindStatus.Restored), ("b.txt", FileRewindStatus.Deleted)]);
        File.ReadAllText(Path.Combine(h.Root, "a.txt")).ShouldBe("a1\n");

        await h.Session.Submit(new RewindConversation(first.Id));
        h.Session.Messages.ShouldBeEmpty();
        File.ReadAllText(Path.Combine(h.Root, "a.txt")).ShouldBe("a1\n");

        var rewound = await h.Session.RewindFilesAsync(new RewindFiles(first.Id));

        rewound.CanRewind.ShouldBeTrue();
        rewound.Files.Count.ShouldBe(2);
        File.ReadAllText(Path.Combine(h.Root, "a.txt")).ShouldBe("a0\n");
        File.Exists(Path.Combine(h.Root, "b.txt")).ShouldBeFalse();
        (await h.Session.RewindFilesAsync(new RewindFiles("no-such-prompt"))).Error.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_turn_interrupted_mid_write_can_be_rewound_and_the_next_prompt_is_a_rewind_point_of_its_own()
    {
        var tool = new ScribeTool { HangAfterWriting = true };
        await using var h = Harness(tool);
        var file = Path.Combine(h.Root, "a.txt");
        File.WriteAllText(file, "before\n");
        h.Model.ToolUse("Scribe", Write("a.txt", "abcdefgh")).Text("after the interruption");

        var interrupted = h.Session.Submit(SendUserTurn.Text("write a"));
        await tool.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await h.Session.Submit(new Interrupt());
        await interrupted;
        File.ReadAllText(file).ShouldBe("abcd");
        tool.HangAfterWriting = false;
        await h.Session.Submit(SendUserTurn.Text("never mind, explain"));

        h.Session.Prompts.Select(p => p.Text).ShouldBe(["write a", "never mind, explain"]);
        var second = h.Session.Prompts[1];
        // Before the second prompt: the interrupted call and its result, without the prompt merged into it.
        second.Before[^1].Content.OfType<ToolResultBlock>().ShouldHaveSingleItem();
        second.Before[^1].Text.ShouldNotContain("never mind");

        await h.Session.Submit(new RewindConversation(second.Id));
        h.Session.Messages.Count.ShouldBe(second.Before.Count);
        h.Session.Messages[^1].Text.ShouldNotContain("never mind");

        var rewound = await h.Session.RewindFilesAsync(new RewindFiles(h.Session.Prompts[0].Id));
        rewound.Files.Single().Status.ShouldBe(FileRewindStatus.Restored);
        File.ReadAllText(file).ShouldBe("before\n");
    }

    [Fact]
    public async Task Summarize_from_a_prompt_keeps_what_came_before_word_for_word_and_summarises_the_rest()
    {
        await using var h = Harness(new ScribeTool(), compaction: true);
        h.Model.Text("answer one").Text("answer two with a long explanation that the summary replaces, " + new string('x', 4000));
        h.Model.SummaryText = "Summary: the user asked a second question.";
        await h.Session.Submit(SendUserTurn.Text("question one"));
        await h.Session.Submit(SendUserTurn.Text("question two"));

        var finished = await h.Session.Submit(new SummarizeFromPrompt(h.Session.Prompts[1].Id));

        finished!.Reason.ShouldBe(Keel.Core.Agent.TerminalReason.Completed);
        h.Session.Messages[0].Text.ShouldBe("question one");
        h.Session.Messages[1].Text.ShouldBe("answer one");
        string.Concat(h.Session.Messages.Skip(2).Select(m => m.Text)).ShouldContain("the user asked a second question");
        string.Concat(h.Session.Messages.Select(m => m.Text)).ShouldNotContain("answer two");
        h.Session.Prompts.Select(p => p.Text).ShouldBe(["question one"]);
    }

    [Fact]
    public async Task Summarising_a_short_part_works_even_when_the_summary_is_no_shorter()
    {
        await using var h = Harness(new ScribeTool(), compaction: true);
        h.Model.Text("one").Text("ok");
        h.Model.SummaryText = "Summary: the user asked a short second question and got a one-word answer, which this longer summary records for the next turn.";
        await h.Session.Submit(SendUserTurn.Text("question one"));
        await h.Session.Submit(SendUserTurn.Text("two?"));

        var finished = await h.Session.Submit(new SummarizeFromPrompt(h.Session.Prompts[1].Id));

        finished!.Reason.ShouldBe(Keel.Core.Agent.TerminalReason.Completed, finished.Error?.Message);
        h.Session.Messages[0].Text.ShouldBe("question one");
        string.Concat(h.Session.Messages.Skip(2).Select(m => m.Text)).ShouldContain("one-word answer");
        h.Session.Prompts.Select(p => p.Text).ShouldBe(["question one"]);
    }
}
