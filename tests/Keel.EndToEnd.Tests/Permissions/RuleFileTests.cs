using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

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

    [Fact]
    public async Task The_transcript_records_the_settings_file_of_each_decision()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.GitInit();
        s.Workspace.Write(".claude/settings.json", """{"permissions":{"deny":["Bash(git push:*)"]}}""");
        s.Workspace.Write(".keel/settings.local.json", """{"permissions":{"allow":["Bash(touch:*)"]}}""");
        s.Script(
            Turn.ToolUse("Bash", """{"command":"touch made.txt"}"""),
            Turn.ToolUse("Bash", """{"command":"git push origin main"}"""),
            Turn.Text("done"));

        var result = await s.RunAsync("-p", "go", "--output-format", "json");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("made.txt").ShouldBeTrue();
        var id = JsonNode.Parse(result.Stdout)!["session_id"]!.GetValue<string>();
        var path = Directory.GetFiles(Path.Combine(s.Workspace.ConfigDir, "projects"), id + ".jsonl", SearchOption.AllDirectories).Single();
        var records = File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!).Where(l => (string?)l["type"] == "permission").ToList();
        var allow = records.Single(r => (string?)r["rule"] == "Bash(touch:*)");
        ((string?)allow["decision"]).ShouldBe("allow");
        ((string?)allow["file"]).ShouldNotBeNull().ShouldEndWith(".keel/settings.local.json");
        var deny = records.Single(r => (string?)r["rule"] == "Bash(git push:*)");
        ((string?)deny["decision"]).ShouldBe("deny");
        ((string?)deny["file"]).ShouldNotBeNull().ShouldEndWith(".claude/settings.json");
    }
}
