using System.Text.Json.Nodes;
using Keel.Core.Tools;
using Keel.Core.Tools.Deferral;
using Keel.Tests.Tools.Files;
using Keel.Tools.ToolSearch;

namespace Keel.Tests.Tools.ToolSearch;

public sealed class ToolSearchToolTests
{
    [Theory]
    [InlineData("true", null, 0, true)]
    [InlineData("false", "true", 1_000_000, false)]
    [InlineData(null, "false", 1_000_000, false)]
    [InlineData(null, null, 19_000, false)]
    [InlineData(null, null, 21_000, true)]
    [InlineData("auto:5", null, 11_000, true)]
    [InlineData("auto:50", null, 21_000, false)]
    [InlineData("nonsense", null, 21_000, true)]
    public void The_mode_defers_past_its_share_of_the_context_window(string? env, string? setting, long tokens, bool defers) =>
        ToolSearchMode.Parse(env, setting).Defers(tokens, 200_000).ShouldBe(defers);

    [Fact]
    public void Only_deferrable_tools_are_deferred_and_the_loader_goes_when_nothing_is()
    {
        var all = BuiltInToolsForTests.All();
        var deferred = new DeferredTools();

        var kept = deferred.Configure(all, static _ => true, ToolSearchMode.Parse("false", null), 200_000);
        deferred.Active.ShouldBeFalse();
        kept.ShouldNotContain(t => t is IDeferredToolLoader);

        kept = deferred.Configure(all, static t => t.Name != "WebSearch", ToolSearchMode.Parse("true", null), 200_000);
        deferred.Active.ShouldBeTrue();
        kept.ShouldContain(t => t.Name == "ToolSearch");
        deferred.IsDeferred("NotebookEdit").ShouldBeTrue();
        deferred.IsDeferred("WebSearch").ShouldBeFalse("a tool the model is not offered is not listed either");
        deferred.IsDeferred("Read").ShouldBeFalse();
        deferred.Listing().ShouldNotBeNull().ShouldContain("\nNotebookEdit\n");
    }

    [Fact]
    public async Task A_keyword_search_loads_the_best_matches_and_select_loads_by_name()
    {
        using var harness = new ToolHarness();
        var deferred = new DeferredTools();
        List<string> recorded = [];
        deferred.Recorded = recorded.AddRange;
        var all = BuiltInToolsForTests.All();
        deferred.Configure(all, static _ => true, ToolSearchMode.Parse("true", null), 200_000);
        var search = new ToolSearchTool(deferred);

        var found = await harness.RunAsync(search, new JsonObject { ["query"] = "jupyter notebook cell", ["max_results"] = 1 });

        found.IsError.ShouldBeFalse();
        found.Text.ShouldContain("<tool name=\"NotebookEdit\">");
        found.Text.ShouldContain("\"notebook_path\"");
        recorded.ShouldBe(["NotebookEdit"]);
        deferred.IsPending("NotebookEdit").ShouldBeFalse();

        var selected = await harness.RunAsync(search, new JsonObject { ["query"] = "select:WebFetch, NoSuchTool" });

        selected.Text.ShouldContain("<tool name=\"WebFetch\">");
        selected.Text.ShouldContain("NoSuchTool");
        deferred.LoadedDefinitions.Select(static d => d.Name).ShouldBe(["NotebookEdit", "WebFetch"]);

        var nothing = await harness.RunAsync(search, new JsonObject { ["query"] = "kubernetes" });
        nothing.Text.ShouldContain("No deferred tool matches");
        recorded.ShouldBe(["NotebookEdit", "WebFetch"]);
    }

    [Fact]
    public void Tools_replaced_while_deferring_are_deferred_and_loaded_ones_stay_loaded_in_place()
    {
        var deferred = new DeferredTools();
        var before = BuiltInToolsForTests.All();
        deferred.Configure(before, static t => t.Name != "WebSearch", ToolSearchMode.Parse("true", null), 200_000);
        deferred.Load(["NotebookEdit", "WebFetch"]);
        var version = deferred.Version;
        var after = BuiltInToolsForTests.All();
        bool Replaced(ITool t) => t.Name is "NotebookEdit" or "WebFetch" or "WebSearch" or "Read" && before.Contains(t);

        // WebFetch goes away; NotebookEdit, Read and (not offered) WebSearch come back as new instances.
        deferred.Replace(Replaced, after.Where(static t => t.Name is "NotebookEdit" or "WebSearch" or "Read"));

        deferred.Version.ShouldBeGreaterThan(version);
        deferred.LoadedDefinitions.Select(static d => d.Name).ShouldBe(["NotebookEdit"]);
        deferred.IsDeferred("WebFetch").ShouldBeFalse();
        deferred.IsDeferred("Read").ShouldBeFalse("a tool that cannot be deferred is sent whole");
        deferred.IsDeferred("WebSearch").ShouldBeFalse("a tool the model is not offered stays unlisted");
        deferred.IsPending("NotebookEdit").ShouldBeFalse();
        deferred.All.ShouldContain(after.Single(static t => t.Name == "NotebookEdit"));

        var idle = new DeferredTools();
        idle.Configure(before, static _ => true, ToolSearchMode.Parse("false", null), 200_000);
        idle.Replace(static _ => true, after);
        idle.Active.ShouldBeFalse("with nothing deferred, new tools are sent whole");
    }
}
