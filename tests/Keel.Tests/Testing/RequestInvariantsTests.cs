using Keel.Testing.FakeServer;
using Keel.Testing.Invariants;

namespace Keel.Tests.Testing;

public sealed class RequestInvariantsTests
{
    private const string System = """[{"type":"text","text":"You are Keel.","cache_control":{"type":"ephemeral"}}]""";
    private const string Tools = """[{"name":"Read","description":"d","input_schema":{"type":"object"}}]""";
    private const string U1 = """{"role":"user","content":[{"type":"text","text":"read a.txt"}]}""";
    private const string U1Cached = """{"role":"user","content":[{"type":"text","text":"read a.txt","cache_control":{"type":"ephemeral"}}]}""";
    private const string A1 = """{"role":"assistant","content":[{"type":"thinking","thinking":"I should read it.","signature":"sig-1"},{"type":"tool_use","id":"toolu_1","name":"Read","input":{"file_path":"a.txt"}}]}""";
    private const string U2 = """{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"hello"}]}""";
    private const string U2Cached = """{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"hello","cache_control":{"type":"ephemeral"}}]}""";
    private const string A2 = """{"role":"assistant","content":[{"type":"text","text":"It says hello."}]}""";
    private const string U3 = """{"role":"user","content":[{"type":"text","text":"thanks","cache_control":{"type":"ephemeral"}}]}""";

    private static readonly ServedResponse ThinkingThenTool = new(200, "msg_1", [new ServedThinking("I should read it.", "sig-1")], ["toolu_1"], Completed: true);

    [Fact]
    public void A_well_behaved_conversation_passes()
    {
        var requests = GoodConversation();

        RequestInvariants.Check(requests).ShouldBeEmpty();
        Should.NotThrow(() => RequestInvariants.AssertAll(requests));
    }

    [Fact]
    public void Unanswered_tool_use_is_reported()
    {
        var violations = Check(Body(U1, A1, """{"role":"user","content":[{"type":"text","text":"no result"}]}"""));

        violations.ShouldHaveSingleItem().Rule.ShouldBe(InvariantRules.ToolPairing);
        violations[0].Detail.ShouldContain("toolu_1 in messages[1] has no tool_result");
    }

    [Fact]
    public void Tool_use_answered_twice_is_reported()
    {
        const string twice = """{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"a"},{"type":"tool_result","tool_use_id":"toolu_1","content":"b"}]}""";

        Check(Body(U1, A1, twice)).ShouldHaveSingleItem().Detail.ShouldContain("answered 2 times");
    }

    [Fact]
    public void Tool_result_without_its_tool_use_is_reported()
    {
        const string orphan = """{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_9","content":"?"}]}""";

        var violation = Check(Body(U1, A2, orphan)).ShouldHaveSingleItem();

        violation.Rule.ShouldBe(InvariantRules.ToolPairing);
        violation.Detail.ShouldContain("toolu_9");
    }

    [Fact]
    public void More_than_four_cache_breakpoints_are_reported()
    {
        const string cachedTools = """[{"name":"A","input_schema":{},"cache_control":{"type":"ephemeral"}},{"name":"B","input_schema":{},"cache_control":{"type":"ephemeral"}}]""";
        var body = $$"""{"model":"m","system":{{System}},"tools":{{cachedTools}},"messages":[{{U1Cached}},{{A2}},{{U3}}]}""";

        var violation = Check(body).ShouldHaveSingleItem();

        violation.Rule.ShouldBe(InvariantRules.CacheBreakpoints);
        violation.Detail.ShouldStartWith("5 cache_control markers");
    }

    [Fact]
    public void Roles_must_alternate_starting_with_user()
    {
        Check(Body(A2)).ShouldHaveSingleItem().Rule.ShouldBe(InvariantRules.Roles);
        Check(Body(U1, U3)).ShouldHaveSingleItem().Detail.ShouldContain("messages[1] has role 'user'");
    }

    [Fact]
    public void Altered_or_dropped_thinking_is_reported()
    {
        var altered = A1.Replace("I should read it.", "I should read it!", StringComparison.Ordinal);
        var dropped = """{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Read","input":{"file_path":"a.txt"}}]}""";

        var alteredViolations = RequestInvariants.Check([First(), RecordedRequest.FromBody(2, Body(U1, altered, U2Cached))]);
        var droppedViolations = RequestInvariants.Check([First(), RecordedRequest.FromBody(2, Body(U1, dropped, U2Cached))]);

        alteredViolations.ShouldContain(v => v.Rule == InvariantRules.ThinkingPreserved && v.Detail.Contains("thinking text changed"));
        droppedViolations.ShouldContain(v => v.Rule == InvariantRules.ThinkingPreserved && v.Detail.Contains("missing"));
    }

    [Fact]
    public void Changed_system_or_tools_within_a_conversation_are_reported()
    {
        var otherSystem = $$"""{"model":"m","system":"changed","tools":{{Tools}},"messages":[{{U1}},{{A1}},{{U2Cached}}]}""";
        var otherTools = $$"""{"model":"m","system":{{System}},"tools":[],"messages":[{{U1}},{{A1}},{{U2Cached}}]}""";

        RequestInvariants.Check([First(), RecordedRequest.FromBody(2, otherSystem)]).ShouldHaveSingleItem().Rule.ShouldBe(InvariantRules.SystemStable);
        RequestInvariants.Check([First(), RecordedRequest.FromBody(2, otherTools)]).ShouldHaveSingleItem().Rule.ShouldBe(InvariantRules.ToolsStable);
    }

    [Fact]
    public void Rewritten_history_is_reported_but_moved_cache_markers_are_not()
    {
        var good = GoodConversation();
        var rewrittenA1 = A1.Replace("a.txt\"}", "b.txt\"}", StringComparison.Ordinal);
        var rewritten = RecordedRequest.FromBody(3, Body(U1, rewrittenA1, U2, A2, U3));

        var violations = RequestInvariants.Check([good[0], good[1], rewritten]);

        violations.ShouldHaveSingleItem().Rule.ShouldBe(InvariantRules.AppendOnly);
        violations[0].Detail.ShouldContain("messages[1] differs from request #2");
    }

    [Fact]
    public void A_fork_goes_on_beside_its_parent_and_the_parent_goes_on_from_where_the_fork_started_but_an_unmarked_branch_is_a_rewrite()
    {
        var forkStart = $$"""{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"{{Keel.Core.Agent.Subagents.ConversationFork.PendingResult}}"}]},{"type":"text","text":"run the skill"}]}""";
        const string otherResult = """{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"other"}]}""";

        var forked = RequestInvariants.Check([
            First(),
            RecordedRequest.FromBody(2, Body(U1, A1, forkStart)),
            RecordedRequest.FromBody(3, Body(U1, A1, forkStart, A2, U3)),
            RecordedRequest.FromBody(4, Body(U1, A1, U2))]);
        var rewritten = RequestInvariants.Check([
            First(),
            RecordedRequest.FromBody(2, Body(U1, A1, otherResult)),
            RecordedRequest.FromBody(3, Body(U1, A1, otherResult, A2, U3)),
            RecordedRequest.FromBody(4, Body(U1, A1, U2))]);

        forked.ShouldBeEmpty();
        rewritten.ShouldHaveSingleItem().Rule.ShouldBe(InvariantRules.AppendOnly);
    }

    [Fact]
    public void Interleaved_new_conversation_is_not_compared_with_the_first()
    {
        const string other = """{"role":"user","content":[{"type":"text","text":"a subagent task"}]}""";
        var subagent = RecordedRequest.FromBody(2, $$"""{"model":"m","system":"sub","tools":[],"messages":[{{other}}]}""");
        var good = GoodConversation();

        RequestInvariants.Check([good[0], subagent, good[1], good[2]]).ShouldBeEmpty();
    }

    [Fact]
    public void Unparseable_body_and_assert_all_list_every_violation()
    {
        var requests = new[] { RecordedRequest.FromBody(1, "{not json"), RecordedRequest.FromBody(2, Body(A2)) };

        var failure = Should.Throw<RequestInvariantException>(() => RequestInvariants.AssertAll(requests));

        failure.Violations.Select(v => v.Rule).ShouldBe([InvariantRules.Json, InvariantRules.Roles]);
        failure.Message.ShouldContain("request #1 [json]");
        failure.Message.ShouldContain("request #2 [roles]");
    }

    [Fact]
    public void Prefix_stats_measure_the_shared_prefix_of_the_earlier_body()
    {
        var good = GoodConversation();

        PrefixStats.SharedPercent("abcd"u8, "abxyz"u8).ShouldBe(50.0);
        PrefixStats.CommonPrefixLength("abcd"u8, "abcdef"u8).ShouldBe(4);
        var consecutive = PrefixStats.Consecutive(good);
        consecutive.Count.ShouldBe(2);
        consecutive.ShouldAllBe(p => p > 50 && p < 100);
    }

    private static List<RecordedRequest> GoodConversation() =>
    [
        First(),
        RecordedRequest.FromBody(2, Body(U1, A1, U2Cached), new ServedResponse(200, "msg_2", [], [], Completed: true)),
        RecordedRequest.FromBody(3, Body(U1, A1, U2, A2, U3)),
    ];

    private static RecordedRequest First() => RecordedRequest.FromBody(1, Body(U1Cached), ThinkingThenTool);

    private static IReadOnlyList<InvariantViolation> Check(string body) => RequestInvariants.Check([RecordedRequest.FromBody(1, body)]);

    private static string Body(params string[] messages) =>
        $$"""{"model":"m","system":{{System}},"tools":{{Tools}},"messages":[{{string.Join(",", messages)}}]}""";
}
