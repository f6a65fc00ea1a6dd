using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Cli.Acp;
using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Tests.Cli.Acp;

/// <summary>How Keel's tool facets, results, answers and turn ends look on the Agent Client Protocol.</summary>
public sealed class AcpMappingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-acp-").FullName;

    private ToolSession Session => new(_dir, [], Path.Combine(_dir, ".session"), TimeProvider.System);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonNode Json(AcpUpdate update) => JsonNode.Parse(JsonSerializer.Serialize(update, AcpJson.Default.AcpUpdate))!;

    [Theory]
    [InlineData(ToolKind.Write, "patch", "edit")]
    [InlineData(ToolKind.Read, "file", "read")]
    [InlineData(ToolKind.Read, "none", "search")]
    [InlineData(ToolKind.Read, "url", "fetch")]
    [InlineData(ToolKind.Network, "url", "fetch")]
    [InlineData(ToolKind.Exec, "command", "execute")]
    [InlineData(ToolKind.Exec, "none", "other")]
    [InlineData(ToolKind.Interaction, "none", "other")]
    public void The_tool_kind_comes_from_the_tools_kind_and_the_calls_facets(ToolKind kind, string facet, string expected)
    {
        var facets = facet switch
        {
            "patch" => new ToolFacets { Display = new FilePatchDisplay("a.txt", "x", "y", 1, false) },
            "file" => new ToolFacets { Display = new FileReadDisplay("a.txt") },
            "url" => new ToolFacets { Url = "https://example.com/" },
            "command" => new ToolFacets { Command = "ls", Display = new CommandDisplay("ls", "/", null) },
            _ => ToolFacets.None,
        };

        AcpToolMapping.Kind(kind, facets).ShouldBe(expected);
    }

    [Fact]
    public void An_unknown_tool_is_other()
    {
        AcpToolMapping.Kind(null, new ToolFacets { Command = "ls" }).ShouldBe("other");
    }

    [Fact]
    public void The_title_is_the_tool_and_its_one_line_summary_shortened()
    {
        AcpToolMapping.Title("Bash", new ToolFacets { Summary = "npm test\n  --watch" }).ShouldBe("Bash npm test   --watch");
        AcpToolMapping.Title("TodoWrite", ToolFacets.None).ShouldBe("TodoWrite");
        var longTitle = AcpToolMapping.Title("Bash", new ToolFacets { Summary = new string('x', 400) });
        longTitle.Length.ShouldBe(160);
        longTitle.ShouldEndWith("…");
    }

    [Fact]
    public void A_finished_edit_shows_the_change_it_made_as_a_diff_at_an_absolute_path()
    {
        var facets = new ToolFacets { Paths = [new ToolPathTarget("src/a.txt", PathAccess.Write)], Display = new FilePatchDisplay("src/a.txt", "old", "asked", 3, false) };
        var result = ToolResult.Success("ok") with { Display = new FilePatchDisplay("src/a.txt", "old", "made", 7, false) };

        var update = new AcpToolCallUpdate("t1")
        {
            Status = AcpToolMapping.Status(result),
            Content = AcpToolMapping.FinishedContent(facets, result, Session),
            Locations = AcpToolMapping.Locations(facets, result.Display, Session),
        };
        var json = Json(update);

        json["sessionUpdate"]!.GetValue<string>().ShouldBe("tool_call_update");
        json["status"]!.GetValue<string>().ShouldBe("completed");
        var diff = json["content"]![0]!;
        diff["type"]!.GetValue<string>().ShouldBe("diff");
        diff["path"]!.GetValue<string>().ShouldBe(Path.Combine(_dir, "src", "a.txt"));
        diff["oldText"]!.GetValue<string>().ShouldBe("old");
        diff["newText"]!.GetValue<string>().ShouldBe("made");
        json["locations"]!.AsArray().Count.ShouldBe(1);
        json["locations"]![0]!["line"]!.GetValue<int>().ShouldBe(7);
    }

    [Fact]
    public void A_created_file_has_no_old_text_and_a_failed_edit_shows_the_error_not_the_asked_change()
    {
        var created = AcpToolMapping.FinishedContent(ToolFacets.None, ToolResult.Success("ok") with { Display = new FilePatchDisplay("n.txt", string.Empty, "new", 1, true) }, Session);
        var diff = JsonNode.Parse(JsonSerializer.Serialize(new AcpToolCallUpdate("t") { Content = created }, AcpJson.Default.AcpUpdate))!["content"]![0]!;
        diff.AsObject().ContainsKey("oldText").ShouldBeFalse();

        var facets = new ToolFacets { Display = new FilePatchDisplay("a.txt", "x", "y", 1, false) };
        var failed = AcpToolMapping.FinishedContent(facets, ToolResult.Error("old_string not found"), Session);
        var item = failed.ShouldHaveSingleItem().ShouldBeOfType<AcpContentItem>();
        item.Content.ShouldBe(new AcpTextContent("old_string not found"));
    }

    [Fact]
    public void Command_output_is_fenced_longer_than_any_backticks_inside_it()
    {
        var facets = new ToolFacets { Command = "cat x.md", Display = new CommandDisplay("cat x.md", "/", null) };
        var content = AcpToolMapping.FinishedContent(facets, ToolResult.Success("```\ncode\n```\n"), Session);

        var text = content.ShouldHaveSingleItem().ShouldBeOfType<AcpContentItem>().Content.ShouldBeOfType<AcpTextContent>().Text;
        text.ShouldBe("````\n```\ncode\n```\n````");
    }

    [Fact]
    public void Always_options_are_offered_only_with_a_rule_to_save()
    {
        AcpSession.PermissionOptions("Bash(npm test)").Select(static o => o.Kind).ShouldBe(["allow_once", "allow_always", "reject_once", "reject_always"]);
        AcpSession.PermissionOptions("Bash(npm test)")[1].Name.ShouldContain("Bash(npm test)");
        AcpSession.PermissionOptions(null).Select(static o => o.Kind).ShouldBe(["allow_once", "reject_once"]);
    }

    [Theory]
    [InlineData("""{"outcome":{"outcome":"selected","optionId":"allow_once"}}""", PermissionAnswerKind.AllowOnce, false)]
    [InlineData("""{"outcome":{"outcome":"selected","optionId":"allow_always"}}""", PermissionAnswerKind.AllowAlways, false)]
    [InlineData("""{"outcome":{"outcome":"selected","optionId":"reject_once"}}""", PermissionAnswerKind.Reject, false)]
    [InlineData("""{"outcome":{"outcome":"selected","optionId":"reject_always"}}""", PermissionAnswerKind.Reject, true)]
    [InlineData("""{"outcome":{"outcome":"cancelled"}}""", PermissionAnswerKind.Reject, false)]
    [InlineData("""{"outcome":{"outcome":"selected","optionId":"something-else"}}""", PermissionAnswerKind.Reject, false)]
    [InlineData("""null""", PermissionAnswerKind.Reject, false)]
    public void The_clients_choice_becomes_keels_answer(string result, PermissionAnswerKind expected, bool rememberDeny)
    {
        var (answer, deny) = AcpSession.ReadPermissionOutcome(JsonDocument.Parse(result).RootElement);

        answer.Kind.ShouldBe(expected);
        deny.ShouldBe(rememberDeny);
    }

    [Theory]
    [InlineData(TerminalReason.Completed, null, "end_turn")]
    [InlineData(TerminalReason.Completed, "max_tokens", "max_tokens")]
    [InlineData(TerminalReason.Completed, "refusal", "refusal")]
    [InlineData(TerminalReason.Aborted, null, "cancelled")]
    [InlineData(TerminalReason.MaxTurns, null, "max_turn_requests")]
    [InlineData(TerminalReason.BudgetExceeded, null, "max_turn_requests")]
    [InlineData(TerminalReason.HookStopped, null, "end_turn")]
    public void A_finished_turn_has_its_stop_reason(TerminalReason reason, string? modelStop, string expected)
    {
        AcpSession.StopReason(new TurnFinished(reason, string.Empty, 1, null, modelStop, Transition.UserInput)).ShouldBe(expected);
    }

    [Fact]
    public void A_failed_turn_is_an_error_with_the_models_message()
    {
        var finished = new TurnFinished(TerminalReason.ModelError, string.Empty, 1, new ModelError(ModelErrorKind.Protocol, "overloaded, try later"), null, Transition.UserInput);

        var error = Should.Throw<AcpException>(() => AcpSession.StopReason(finished));
        error.Code.ShouldBe(AcpException.InternalError);
        error.Message.ShouldBe("overloaded, try later");
    }

    [Fact]
    public void Client_mcp_servers_become_one_mcp_config_document()
    {
        var parameters = JsonDocument.Parse("""
            {"mcpServers":[
              {"name":"files","command":"/bin/fs-server","args":["--stdio"],"env":[{"name":"TOKEN","value":"t"}]},
              {"type":"http","name":"api","url":"https://mcp.example.com/","headers":[{"name":"Authorization","value":"Bearer x"}]}]}
            """).RootElement;

        var config = JsonNode.Parse(AcpAgent.McpConfig(parameters).Single())!["mcpServers"]!;

        config["files"]!["type"]!.GetValue<string>().ShouldBe("stdio");
        config["files"]!["command"]!.GetValue<string>().ShouldBe("/bin/fs-server");
        config["files"]!["args"]![0]!.GetValue<string>().ShouldBe("--stdio");
        config["files"]!["env"]!["TOKEN"]!.GetValue<string>().ShouldBe("t");
        config["api"]!["type"]!.GetValue<string>().ShouldBe("http");
        config["api"]!["headers"]!["Authorization"]!.GetValue<string>().ShouldBe("Bearer x");
        AcpAgent.McpConfig(JsonDocument.Parse("""{"mcpServers":[]}""").RootElement).ShouldBeEmpty();
    }

    [Fact]
    public void Prompt_blocks_become_the_user_message()
    {
        var prompt = JsonDocument.Parse("""
            [{"type":"text","text":"look at this"},
             {"type":"resource_link","uri":"file:///p/a.cs","name":"a.cs"},
             {"type":"resource","resource":{"uri":"file:///p/b.cs","text":"class B {}"}},
             {"type":"image","data":"AAAA","mimeType":"image/png"}]
            """).RootElement;

        var (message, error) = AcpPromptContent.Read(prompt);

        error.ShouldBeNull();
        message!.Role.ShouldBe(Role.User);
        message.Content[0].ShouldBe(new TextBlock("look at this"));
        message.Content[1].ShouldBe(new TextBlock("[a.cs](file:///p/a.cs)"));
        ((TextBlock)message.Content[2]).Text.ShouldContain("class B {}");
        message.Content[3].ShouldBe(new ImageBlock("image/png", "AAAA"));
        AcpPromptContent.Read(JsonDocument.Parse("""[{"type":"audio","data":"x","mimeType":"audio/wav"}]""").RootElement).Error!.ShouldContain("audio");
        AcpPromptContent.Read(JsonDocument.Parse("[]").RootElement).Error.ShouldNotBeNull();
    }
}
