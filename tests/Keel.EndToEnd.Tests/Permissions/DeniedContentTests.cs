using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Permissions;

/// <summary>
/// The installed keel against the fake server: whatever shape the shell command takes (recursive grep,
/// glob, archiver, process link, wrapper), a file under a Read deny rule never reaches the model.
/// </summary>
public sealed class DeniedContentTests
{
    private const string Secret = "SECRET-7f3a9c-never-send";

    [Theory]
    [InlineData("grep -r SECRET .")]
    [InlineData("grep -rn SECRET")]
    [InlineData("rg SECRET")]
    [InlineData("cat conf/*")]
    [InlineData("cat co*/.e*")]
    [InlineData("head -n 5 /proc/self/cwd/conf/.env")]
    [InlineData("cat /dev/fd/../cwd/conf/.env")]
    [InlineData("tar cf - conf | tar xOf -")]
    [InlineData("find . -type f -exec cat {} +")]
    [InlineData("base64 conf/.env")]
    [InlineData("timeout 5 cat conf/.env")]
    public async Task A_denied_file_never_reaches_the_server(string command)
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("conf/.env", Secret);
        s.Workspace.Write("src/app.txt", "hello");
        s.Workspace.Write(".keel/settings.json", """{"permissions":{"deny":["Read(./conf/.env)"]}}""");
        var input = "\"" + System.Text.Json.JsonEncodedText.Encode(command) + "\"";
        s.Script(Turn.ToolUse("Bash", $$"""{"command":{{input}}}"""), Turn.Text("done"));

        var result = await s.RunAsync("-p", "look", "--dangerously-skip-permissions", "--allowedTools", "Bash(tar:*)", "Bash(base64:*)", "Bash(timeout:*)");

        result.ExitCode.ShouldBe(0, result.ToString());
        foreach (var request in s.Server.MessageRequests)
        {
            request.BodyText.ShouldNotContain(Secret, customMessage: command);
        }

        var toolResult = Scenario.LastToolResults(s.Server.MessageRequests[1]).Single();
        Scenario.ResultText(toolResult).ShouldContain("denied");
    }

    [Fact]
    public async Task A_recursive_grep_over_a_clean_tree_still_runs()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("conf/.env", Secret);
        s.Workspace.Write("src/app.txt", "hello marker");
        s.Workspace.Write(".keel/settings.json", """{"permissions":{"deny":["Read(./conf/.env)"]}}""");
        s.Script(Turn.ToolUse("Bash", """{"command":"grep -rn marker src"}"""), Turn.Text("done"));

        var result = await s.RunAsync("-p", "look", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()).ShouldContain("hello marker");
    }
}
