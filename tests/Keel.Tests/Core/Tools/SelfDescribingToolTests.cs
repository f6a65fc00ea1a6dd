using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;
using Keel.Mcp.Server;
using Keel.Terminal.Dialogs;
using Keel.Terminal.Rendering;
using Keel.Testing.Time;
using Keel.Tests.Core.Permissions;

namespace Keel.Tests.Core.Tools;

/// <summary>
/// Adding a tool is its own code plus one registration line: <see cref="StampTool"/> is registered with one line
/// and gets permission checks, a tool card, a permission dialog and MCP annotations from its facets alone.
/// </summary>
public sealed class SelfDescribingToolTests : IDisposable
{
    private readonly PermissionWorld _w = new();

    private PermissionEngine Engine(PermissionMode mode, string[]? deny = null)
    {
        var engine = _w.Engine(mode, deny: deny);
        engine.Tools.Register([new StampTool()]);
        return engine;
    }

    private PermissionBehavior Decide(PermissionEngine engine, string path) =>
        engine.Evaluate("Stamp", PermissionWorld.FileInput(path), _w.Project).Decision.Behavior;

    [Fact]
    public void Permission_checks_come_from_the_kind_and_the_path_it_declares()
    {
        Decide(Engine(PermissionMode.Default), "notes.txt").ShouldBe(PermissionBehavior.Ask);
        Decide(Engine(PermissionMode.AcceptEdits), "notes.txt").ShouldBe(PermissionBehavior.Allow);
        Decide(Engine(PermissionMode.AcceptEdits), Path.Combine(_w.Outside, "x.txt")).ShouldBe(PermissionBehavior.Ask);
        Decide(Engine(PermissionMode.AcceptEdits), ".git/config").ShouldBe(PermissionBehavior.Ask);
        Decide(Engine(PermissionMode.Plan), "notes.txt").ShouldBe(PermissionBehavior.Deny);

        // Path rules in the Edit grammar govern every write target; a rule naming the tool governs the tool.
        Decide(Engine(PermissionMode.AcceptEdits, deny: ["Edit(./locked/**)"]), "locked/a.txt").ShouldBe(PermissionBehavior.Deny);
        Decide(Engine(PermissionMode.AcceptEdits, deny: ["Edit(./locked/**)"]), "open/a.txt").ShouldBe(PermissionBehavior.Allow);
        var denied = Engine(PermissionMode.AcceptEdits, deny: ["Stamp"]);
        Decide(denied, "notes.txt").ShouldBe(PermissionBehavior.Deny);
        denied.IsOffered("Stamp").ShouldBeFalse();
    }

    [Fact]
    public void Deny_rules_naming_no_registered_tool_are_reported()
    {
        var engine = Engine(PermissionMode.Default, deny: ["Stamp", "Stmap", "Task(Explore)", "MultiEdit", "mcp__server"]);

        engine.RulesGoverningNoTool().ShouldHaveSingleItem().ShouldContain("\"Stmap\"");
    }

    [Fact]
    public async Task The_dialog_and_the_card_show_what_the_tool_says_about_the_call()
    {
        var engine = Engine(PermissionMode.Default);
        var stamp = engine.Tools.Find("Stamp")!;
        var session = new ToolSession(_w.Project, [], Path.Combine(_w.Root, "session"), TimeProvider.System) { Paths = engine.Paths };
        var asker = new ApprovingAsker();
        var runner = new ToolRunner(new ToolPipeline(new ToolPipelineParts([stamp], engine, asker, session)));
        var view = new ConversationView(new RenderOptions(Color: false), new ManualTimeProvider(), new ConversationViewSettings(WorkingDirectory: _w.Project));

        await foreach (var e in runner.RunAsync([new ToolUseBlock("s1", "Stamp", PermissionWorld.FileInput("notes.txt"))], new List<ToolOutcome>(), CancellationToken.None))
        {
            view.OnEvent(e);
        }

        var ask = asker.Asked.ShouldHaveSingleItem();
        PermissionDialogBody.Lines(ask.Facets, ask.Input).ShouldBe(["notes.txt", "+ stamped"]);
        new PermissionUpdater(engine.Context).Suggest(ask.ToolName, ask.Facets, _w.Project).ShouldBe("Edit(/notes.txt)");
        var card = view.TakeCommitted(80);
        card[0].ShouldStartWith("✓ Stamp(stamp notes.txt) · ");
        card.Skip(1).ShouldBe(["  ⎿ Created notes.txt (1 line)", "    1 + stamped"]);
        File.ReadAllText(Path.Combine(_w.Project, "notes.txt")).ShouldBe(StampTool.Stamp);
    }

    [Fact]
    public async Task Mcp_serve_lists_it_with_annotations_from_its_kind_and_checks_its_calls()
    {
        var listed = KeelToolServer.Describe(new StampTool());

        listed.Name.ShouldBe("Stamp");
        listed.Annotations!.ReadOnlyHint.ShouldBe(false);
        listed.Annotations.DestructiveHint.ShouldBe(true);
        listed.Annotations.OpenWorldHint.ShouldBe(false);

        var engine = Engine(PermissionMode.Default);
        var session = new ToolSession(_w.Project, [], Path.Combine(_w.Root, "session"), TimeProvider.System) { Paths = engine.Paths };
        var server = new KeelToolServer(new ToolPipeline(new ToolPipelineParts([engine.Tools.Find("Stamp")!], engine, new ApprovingAsker(), session)), "test");
        var arguments = new Dictionary<string, System.Text.Json.JsonElement> { ["file_path"] = PermissionWorld.Input("\"notes.txt\"") };

        var result = await server.CallAsync(new ModelContextProtocol.Protocol.CallToolRequestParams { Name = "Stamp", Arguments = arguments }, CancellationToken.None);

        result.IsError.ShouldBe(true);
        File.Exists(Path.Combine(_w.Project, "notes.txt")).ShouldBeFalse();
    }

    [Fact]
    public void Read_only_agents_get_tools_by_kind()
    {
        var tools = Keel.Tests.Tools.BuiltInToolsForTests.All().Append(new StampTool());

        tools.Where(Keel.Core.Agent.Subagents.ReadOnlyAgentTools.Allows).Select(static t => t.Name).Order(StringComparer.Ordinal)
            .ShouldBe(["Bash", "BashOutput", "Glob", "Grep", "Read", "WebFetch", "WebSearch"]);
    }

    public void Dispose() => _w.Dispose();

    private sealed class ApprovingAsker : IPermissionAsker
    {
        public List<PermissionAsk> Asked { get; } = [];

        public ValueTask<PermissionAnswer> AskAsync(PermissionAsk ask, CancellationToken cancellationToken)
        {
            Asked.Add(ask);
            return ValueTask.FromResult(new PermissionAnswer(PermissionAnswerKind.AllowOnce));
        }
    }
}
