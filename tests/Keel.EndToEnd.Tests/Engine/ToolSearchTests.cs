using System.Text.Json;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Engine;

/// <summary>Deferred tools and ToolSearch through the installed binary: what each request carries.</summary>
public sealed class ToolSearchTests
{
    private static readonly Dictionary<string, string?> Always = new() { ["ENABLE_TOOL_SEARCH"] = "true" };

    [Fact]
    public async Task Deferred_tools_go_by_name_until_ToolSearch_loads_them_and_the_sent_prefix_never_changes()
    {
        await using var s = await Scenario.StartAsync();
        const string ask = """{"questions":[{"question":"Which db?","header":"DB","multiSelect":false,"options":[{"label":"Postgres","description":"server"},{"label":"SQLite","description":"file"}]}]}""";
        s.Script(
            Turn.ToolUse("AskUserQuestion", ask),
            Turn.ToolUse("ToolSearch", """{"query":"select:AskUserQuestion"}"""),
            Turn.ToolUse("AskUserQuestion", ask),
            Turn.Text("Assuming SQLite."),
            Turn.Text("Still SQLite."));

        var result = await s.RunAsync(["-p", "set up a db"], Always);
        var resumed = await s.RunAsync(["-c", "-p", "and now?"], Always);

        result.ExitCode.ShouldBe(0, result.ToString());
        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        var requests = s.Server.MessageRequests;
        var first = requests[0];
        first.ToolNames.ShouldContain("ToolSearch");
        first.ToolNames.ShouldNotContain("AskUserQuestion");
        first.ToolNames.ShouldNotContain("NotebookEdit");
        first.ToolNames.ShouldContain("Read");
        var system = first.System!.ToJsonString();
        system.ShouldContain("# Deferred tools");
        system.ShouldContain("AskUserQuestion");

        // Called before it was loaded: refused with how to load it.
        var refused = Scenario.LastToolResults(requests[1]).Single();
        refused["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(refused).ShouldContain("select:AskUserQuestion");
        requests[1].ToolNames.ShouldBe(first.ToolNames);

        // The search result shows the schema; the next request appends the tool after everything sent before.
        Scenario.ResultText(Scenario.LastToolResults(requests[2]).Single()).ShouldContain("\"questions\"");
        requests[2].ToolNames.ShouldBe([.. first.ToolNames, "AskUserQuestion"]);
        var sentTools = ToolsPrefix(requests[1]);
        requests[2].BodyText.ShouldStartWith(sentTools + ",");
        requests[3].BodyText.ShouldStartWith(sentTools + ",");
        Scenario.ResultText(Scenario.LastToolResults(requests[3]).Single()).ShouldContain("No user is available");

        // -c: the loaded tool is still there, in the same place.
        requests[4].ToolNames.ShouldBe(requests[3].ToolNames);
        requests[4].Tools!.ToJsonString().ShouldBe(requests[3].Tools!.ToJsonString());
        s.AssertInvariants();
    }

    [Fact]
    public async Task Tool_definitions_shrink_when_deferral_is_on_and_stay_whole_when_it_is_off()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("one"), Turn.Text("two"), Turn.Text("three"));

        (await s.RunAsync(["-p", "hi"], Always)).ExitCode.ShouldBe(0);
        (await s.RunAsync(["-p", "hi"], new Dictionary<string, string?> { ["ENABLE_TOOL_SEARCH"] = "false" })).ExitCode.ShouldBe(0);
        (await s.RunAsync(["-p", "hi"], new Dictionary<string, string?> { ["ENABLE_TOOL_SEARCH"] = null })).ExitCode.ShouldBe(0);

        var deferred = s.Server.MessageRequests[0];
        var whole = s.Server.MessageRequests[1];
        var automatic = s.Server.MessageRequests[2];
        whole.ToolNames.ShouldNotContain("ToolSearch");
        whole.ToolNames.ShouldContain("NotebookEdit");
        whole.System!.ToJsonString().ShouldNotContain("# Deferred tools");
        deferred.Tools!.ToJsonString().Length.ShouldBeLessThan(whole.Tools!.ToJsonString().Length);

        // Built-ins alone stay far below 10% of the context window: the default sends them whole.
        automatic.Tools!.ToJsonString().ShouldBe(whole.Tools!.ToJsonString());
    }

    /// <summary>The request body up to the end of its last tool (the closing bracket of <c>tools</c> left out).</summary>
    private static string ToolsPrefix(RecordedRequest request)
    {
        using var document = JsonDocument.Parse(request.Body);
        var tools = document.RootElement.GetProperty("tools").GetRawText();
        var at = request.BodyText.IndexOf(tools, StringComparison.Ordinal);
        at.ShouldBeGreaterThanOrEqualTo(0);
        return request.BodyText[..(at + tools.Length - 1)];
    }
}
