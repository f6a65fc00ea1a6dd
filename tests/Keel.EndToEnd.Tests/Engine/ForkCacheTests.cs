using System.Text.Json;
using Keel.Core.Agent;
using Keel.Core.Compaction;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Engine;

/// <summary>A forked context (a <c>context: fork</c> skill, a compaction summary, a side question) shares the parent's prompt cache.</summary>
public sealed class ForkCacheTests
{
    [Fact]
    public async Task A_fork_skill_sends_the_parent_s_system_and_tools_bytes_reads_its_cached_prefix_and_cannot_spawn()
    {
        await using var s = await Scenario.StartAsync();
        s.Server.ReportCacheUse = true;
        s.Workspace.Write(".keel/skills/audit/SKILL.md", "---\ndescription: Audits dependencies\ncontext: fork\n---\nList every dependency and flag the outdated ones.");
        s.Script(
            Turn.ToolUse("Skill", """{"skill":"audit"}"""),
            Turn.ToolUse("Agent", """{"description":"nested","prompt":"go deeper","subagent_type":"general-purpose"}"""),
            Turn.Text("Two dependencies are outdated: foo and bar."),
            Turn.Text("The audit found two outdated dependencies."));

        var result = await s.RunAsync("-p", "audit the project");

        result.ExitCode.ShouldBe(0, result.ToString());
        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(4, "nothing was spawned from the fork");
        var (parent, fork) = (requests[0], requests[1]);
        Raw(fork, "system").ShouldBe(Raw(parent, "system"));
        Raw(fork, "tools").ShouldBe(Raw(parent, "tools"));
        fork.Json!["model"]!.ToJsonString().ShouldBe(parent.Json!["model"]!.ToJsonString());

        // The parent's conversation, its Skill call, then the directive as the last user message.
        var messages = fork.Messages!;
        messages.Count.ShouldBe(3);
        messages[0]!["content"]!.ToJsonString().ShouldContain("audit the project");
        messages[1]!.ToJsonString().ShouldContain("\"name\":\"Skill\"");
        messages[2]!.ToJsonString().ShouldContain("List every dependency and flag the outdated ones.");

        // The provider reads the whole prefix the parent wrote instead of writing it again.
        var parentPrefix = parent.Cache!.ReadTokens + parent.Cache.CreationTokens;
        parentPrefix.ShouldBeGreaterThan(1_000);
        fork.Cache!.ReadTokens.ShouldBeGreaterThanOrEqualTo(parentPrefix);
        fork.Cache.ReadTokens.ShouldBeGreaterThan((parentPrefix + parent.Cache.InputTokens) * 9 / 10);

        // The Agent tool is still defined (same bytes) but refused.
        var refused = Scenario.LastToolResults(requests[2]).Single();
        refused["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(refused).ShouldContain("not available in a forked context");
        Raw(requests[2], "tools").ShouldBe(Raw(parent, "tools"));

        var skillResult = Scenario.ResultText(Scenario.LastToolResults(requests[3]).Single());
        skillResult.ShouldContain("Two dependencies are outdated: foo and bar.");
        requests[3].Messages!.Count.ShouldBe(3, "the fork's own turns stay out of the parent's conversation");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_compaction_summary_is_a_fork_that_reads_the_conversation_s_cached_prefix()
    {
        await using var s = await Scenario.StartAsync();
        s.Server.ReportCacheUse = true;
        // A long answer, so the summary makes the context smaller (a compaction that does not is refused).
        var answer = "The project has a README and a src folder. " + string.Concat(Enumerable.Repeat("It holds notes on the design. ", 800));
        s.Script(Turn.Text(answer), Turn.Text("SUMMARY: the user asked what the project holds."), Turn.Text("You asked what the project holds."));

        (await s.RunAsync("-p", "what does the project hold?")).ExitCode.ShouldBe(0);
        var compact = await s.RunAsync("-c", "-p", "/compact");
        var after = await s.RunAsync("-c", "-p", "what did I ask?");

        compact.ExitCode.ShouldBe(0, compact.ToString());
        after.ExitCode.ShouldBe(0, after.ToString());
        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(3);
        var (parent, summary, next) = (requests[0], requests[1], requests[2]);
        Raw(summary, "system").ShouldBe(Raw(parent, "system"));
        Raw(summary, "tools").ShouldBe(Raw(parent, "tools"));

        // The conversation itself, then the directive as the last user message.
        var messages = summary.Messages!;
        messages.Count.ShouldBe(3);
        messages[0]!["content"]!.ToJsonString().ShouldContain("what does the project hold?");
        messages[1]!.ToJsonString().ShouldContain("a README and a src folder");
        messages[2]!.ToJsonString().ShouldContain(CompactionPrompt.Opening);

        // The provider reads the prefix the conversation wrote; only the answer and the directive are new.
        var parentPrefix = parent.Cache!.ReadTokens + parent.Cache.CreationTokens;
        parentPrefix.ShouldBeGreaterThan(1_000);
        summary.Cache!.ReadTokens.ShouldBeGreaterThanOrEqualTo(parentPrefix);
        summary.Cache.CreationTokens.ShouldBeLessThan((answer.Length / 4) + 1_000, "only the answer and the directive are written");

        // The conversation goes on from the summary; the directive is not part of it.
        next.BodyText.ShouldContain("SUMMARY: the user asked what the project holds.");
        next.BodyText.ShouldNotContain(CompactionPrompt.Opening);
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_side_question_is_answered_from_the_cached_conversation_and_does_not_join_it()
    {
        await using var s = await Scenario.StartAsync();
        s.Server.ReportCacheUse = true;
        s.Script(Turn.Text("The project has a README and a src folder."), Turn.Text("You asked what the project holds."), Turn.Text("Going on with the work."));

        (await s.RunAsync("-p", "what does the project hold?")).ExitCode.ShouldBe(0);
        var side = await s.RunAsync("-c", "-p", "/btw what did I ask first?");
        var next = await s.RunAsync("-c", "-p", "go on");

        side.ExitCode.ShouldBe(0, side.ToString());
        side.Stdout.Trim().ShouldBe("You asked what the project holds.");
        next.ExitCode.ShouldBe(0, next.ToString());
        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(3);
        var (parent, question, after) = (requests[0], requests[1], requests[2]);
        Raw(question, "system").ShouldBe(Raw(parent, "system"));
        Raw(question, "tools").ShouldBe(Raw(parent, "tools"));
        var messages = question.Messages!;
        messages.Count.ShouldBe(3);
        messages[2]!.ToJsonString().ShouldContain(SideQuestionPrompt.Opening);
        messages[2]!.ToJsonString().ShouldContain("what did I ask first?");

        var parentPrefix = parent.Cache!.ReadTokens + parent.Cache.CreationTokens;
        parentPrefix.ShouldBeGreaterThan(1_000);
        question.Cache!.ReadTokens.ShouldBeGreaterThanOrEqualTo(parentPrefix);

        // The conversation goes on as if the question had not been asked.
        after.Messages!.Count.ShouldBe(3);
        after.BodyText.ShouldNotContain("what did I ask first?");
        after.BodyText.ShouldNotContain("You asked what the project holds.");
        s.AssertInvariants();
    }

    private static string Raw(RecordedRequest request, string property)
    {
        using var document = JsonDocument.Parse(request.Body);
        return document.RootElement.GetProperty(property).GetRawText();
    }
}
