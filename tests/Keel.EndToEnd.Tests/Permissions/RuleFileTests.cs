using System.Text.Json.Nodes;

namespace Keel.EndToEnd.Tests.Permissions;

/// <summary>Item 8: `keel permissions check` names the settings file a rule came from, so .keel/ and .claude/ can be told apart.</summary>
public sealed class RuleFileTests
{
    [Theory]
    [InlineData(".claude/settings.json")]
    [InlineData(".keel/settings.json")]
    [InlineData(".keel/settings.local.json")]
    public async Task Check_names_the_settings_file_of_the_rule(string file)
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.GitInit();
        s.Workspace.Write(file, """{"permissions":{"deny":["Read(./secrets/**)", "Bash(git push:*)"]}}""");

        var read = await s.RunAsync("permissions", "check", "--tool", "Read", "--input", """{"file_path":"secrets/key"}""");
        var bash = await s.RunAsync("permissions", "check", "--tool", "Bash", "--input", """{"command":"git status && git push"}""");

        foreach (var result in new[] { read, bash })
        {
            result.ExitCode.ShouldBe(0, result.ToString());
            var json = JsonNode.Parse(result.Stdout)!;
            json["decision"]!.GetValue<string>().ShouldBe("deny");
            json["file"]!.GetValue<string>().ShouldEndWith(file);
            json["reason"]!.GetValue<string>().ShouldContain(file);
        }
    }
}
