using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;
using Keel.Testing.Process;
using static Keel.EndToEnd.Tests.StreamInput.StreamInputTests;

namespace Keel.EndToEnd.Tests.StreamInput;

/// <summary><c>--permission-prompt-tool stdio</c>: permission asks go to the SDK host as <c>can_use_tool</c>.</summary>
public sealed class StdioPermissionTests
{
    private static readonly string[] Args =
        ["--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--permission-prompt-tool", "stdio"];

    private static async Task<JsonNode> NextCanUseToolAsync(KeelProcess keel, int index)
    {
        await WaitUntilAsync(() => CanUseToolRequests(keel.Stdout).Count > index);
        return CanUseToolRequests(keel.Stdout)[index];
    }

    private static List<JsonNode> CanUseToolRequests(string stdout) =>
        [.. StreamJsonLines.Parse(stdout.EndsWith('\n') ? stdout : stdout[..(stdout.LastIndexOf('\n') + 1)])
            .Where(l => l["type"]?.GetValue<string>() == "control_request" && l["request"]!["subtype"]!.GetValue<string>() == "can_use_tool")];

    private static string Reply(JsonNode request, JsonObject decision) => new JsonObject
    {
        ["type"] = "control_response",
        ["response"] = new JsonObject { ["subtype"] = "success", ["request_id"] = request["request_id"]!.GetValue<string>(), ["response"] = decision },
    }.ToJsonString();

    [Fact]
    public async Task The_host_allows_with_an_edited_input_and_denies_with_a_message()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("Write", """{"file_path":"notes.txt","content":"from the model"}"""),
            Turn.ToolUse("Write", """{"file_path":"other.txt","content":"x"}"""),
            Turn.Text("Done."));
        await using var keel = s.Keel.Start(Args);

        await keel.StandardInput.WriteLineAsync(User("write the notes"));
        await keel.StandardInput.FlushAsync();
        var first = await NextCanUseToolAsync(keel, 0);
        first["request"]!["tool_name"]!.GetValue<string>().ShouldBe("Write");
        first["request"]!["input"]!["content"]!.GetValue<string>().ShouldBe("from the model");
        var edited = new JsonObject { ["file_path"] = "notes.txt", ["content"] = "edited by the host" };
        await keel.StandardInput.WriteLineAsync(Reply(first, new JsonObject { ["behavior"] = "allow", ["updatedInput"] = edited }));
        await keel.StandardInput.FlushAsync();

        var second = await NextCanUseToolAsync(keel, 1);
        await keel.StandardInput.WriteLineAsync(Reply(second, new JsonObject { ["behavior"] = "deny", ["message"] = "not that file" }));
        await keel.StandardInput.FlushAsync();
        await keel.WaitForOutputAsync("\"type\":\"result\"", TimeSpan.FromSeconds(15));
        keel.StandardInput.Close();
        var result = await keel.WaitForExitAsync(TimeSpan.FromSeconds(20));

        result.ExitCode.ShouldBe(0, result.ToString());
        File.ReadAllText(Path.Combine(s.Workspace.Path, "notes.txt")).ShouldBe("edited by the host");
        File.Exists(Path.Combine(s.Workspace.Path, "other.txt")).ShouldBeFalse();
        var denied = Scenario.LastToolResults(s.Server.MessageRequests[2]).Single();
        denied["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(denied).ShouldContain("not that file");
    }

    [Fact]
    public async Task A_pending_ask_is_refused_when_the_host_closes_stdin()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Write", """{"file_path":"a.txt","content":"x"}"""), Turn.Text("Understood."));
        await using var keel = s.Keel.Start(Args);

        await keel.StandardInput.WriteLineAsync(User("write a"));
        await keel.StandardInput.FlushAsync();
        await NextCanUseToolAsync(keel, 0);
        keel.StandardInput.Close();
        var result = await keel.WaitForExitAsync(TimeSpan.FromSeconds(20));

        result.ExitCode.ShouldBe(0, result.ToString());
        File.Exists(Path.Combine(s.Workspace.Path, "a.txt")).ShouldBeFalse();
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()).ShouldContain("closed stdin");
    }
}
