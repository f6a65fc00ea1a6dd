using Keel.Core.Cost;
using Keel.Core.Memory;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Testing.Time;
using Keel.Testing.Workspace;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Memory;

public sealed class MemoryExtractionTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    private MemoryLocation Location => new(Path.Combine(_ws.Home, "mem"), Path.Combine(_ws.Home, "user-mem"), Enabled: true);

    [Fact]
    public void Proposals_are_read_from_json_and_bad_names_types_or_empty_content_are_dropped()
    {
        var proposals = ExtractionPrompt.Parse("""
            Here you go:
            {"memories": [
              {"file": "user_role.md", "name": "Role", "description": "what they do", "type": "User", "content": "Maintains billing."},
              {"file": "../escape.md", "type": "user", "content": "x"},
              {"file": "MEMORY.md", "type": "user", "content": "x"},
              {"file": "odd.md", "type": "mood", "content": "x"},
              {"file": "empty.md", "type": "project", "content": "  "}
            ]}
            """);

        var only = proposals.ShouldHaveSingleItem();
        only.File.ShouldBe("user_role.md");
        only.Type.ShouldBe(MemoryTypes.User);
        ExtractionPrompt.Parse("nothing to add").ShouldBeEmpty();
        ExtractionPrompt.Parse("""{"memories": []}""").ShouldBeEmpty();
    }

    [Fact]
    public void Writing_adds_front_matter_and_keeps_one_index_line_per_file()
    {
        var dir = Location.ProjectDirectory;
        var today = new DateOnly(2026, 3, 4);
        MemoryWriter.Write(dir, [new MemoryProposal("user_role.md", "Role", "what they do", "user", "Maintains billing.")], today).Error.ShouldBeNull();
        MemoryWriter.Write(dir, [new MemoryProposal("user_role.md", "Role", "what they do now", "user", "Maintains billing and payments.")], today).Error.ShouldBeNull();

        File.ReadAllText(Path.Combine(dir, "user_role.md")).ShouldBe("---\nname: Role\ndescription: what they do now\ntype: user\nupdated: 2026-03-04\n---\nMaintains billing and payments.\n");
        File.ReadAllText(Path.Combine(dir, "MEMORY.md")).ShouldBe("- [Role](user_role.md): what they do now\n");
    }

    [Fact]
    public async Task Extraction_waits_for_enough_conversation_forks_it_in_the_background_and_counts_its_cost()
    {
        var client = new ScriptedModelClient();
        client.Text("""{"memories": [{"file": "project_freeze.md", "name": "Freeze", "description": "merge freeze", "type": "project", "content": "Merge freeze from 2026-03-05."}]}""");
        var cost = new CostTracker();
        await using var extractor = new MemoryExtractor(Location, () => client, cost, new ManualTimeProvider());

        extractor.TurnCompleted(Conversation(100));
        extractor.Running.ShouldBeFalse();
        client.Requests.ShouldBeEmpty();

        extractor.TurnCompleted(Conversation(50_000));
        await extractor.DrainAsync(TimeSpan.FromMinutes(1));

        var fork = client.Requests.ShouldHaveSingleItem();
        fork.IsBackground.ShouldBeTrue();
        fork.System.ShouldHaveSingleItem().Text.ShouldBe("main system");
        fork.Messages.Count.ShouldBe(3);
        fork.Messages[^1].Text.ShouldContain(ExtractionPrompt.Marker);
        File.ReadAllText(Path.Combine(Location.ProjectDirectory, "project_freeze.md")).ShouldContain("Merge freeze from 2026-03-05.");
        extractor.Last.ShouldNotBeNull().Written.ShouldHaveSingleItem().ShouldEndWith("project_freeze.md");
        cost.TotalUsage.OutputTokens.ShouldBeGreaterThan(0);

        // Not enough new conversation since: no second fork.
        extractor.TurnCompleted(Conversation(50_100));
        await extractor.DrainAsync(TimeSpan.FromMinutes(1));
        client.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Turns_in_which_the_model_saved_memories_itself_are_not_extracted_again()
    {
        var client = new ScriptedModelClient();
        await using var extractor = new MemoryExtractor(Location, () => client, new CostTracker(), new ManualTimeProvider());
        var path = Path.Combine(Location.ProjectDirectory, "x.md");
        var write = new Message(Role.Assistant, [new ToolUseBlock("t1", "Write", ScriptedModelClient.Json($$"""{"file_path":"{{path}}","content":"x"}"""))]);
        var conversation = Conversation(50_000);
        conversation = conversation with { Messages = [conversation.Messages[0], write, Message.UserText("ok"), new Message(Role.Assistant, [new TextBlock("saved")])] };

        extractor.TurnCompleted(conversation);
        await extractor.DrainAsync(TimeSpan.FromMinutes(1));

        client.Requests.ShouldBeEmpty();
    }

    private static ModelRequest Conversation(int promptChars) =>
        new("claude-sonnet-5-5", [new SystemBlock("main system", CacheBreakpoint: true)], [Message.UserText(new string('x', promptChars)), new Message(Role.Assistant, [new TextBlock("answer")])], [], 1000);

    public void Dispose() => _ws.Dispose();
}
