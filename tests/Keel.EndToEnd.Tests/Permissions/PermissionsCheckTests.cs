using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Keel.EndToEnd.Tests.Permissions;

public sealed class PermissionsCheckTests
{
    [Fact]
    public async Task Check_explains_a_decision_with_rule_and_source()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.GitInit();
        s.Workspace.Write(".claude/settings.json", """{"permissions":{"deny":["Read(./secrets/**)"]}}""");

        var denied = await s.RunAsync("permissions", "check", "--tool", "Read", "--input", """{"file_path":"secrets/key"}""");
        var cli = await s.RunAsync("permissions", "check", "--tool", "Bash", "--input", """{"command":"git push"}""", "--deny", "Bash(git push)");

        denied.ExitCode.ShouldBe(0, denied.ToString());
        var json = JsonNode.Parse(denied.Stdout)!;
        json["decision"]!.GetValue<string>().ShouldBe("deny");
        json["rule"]!.GetValue<string>().ShouldBe("Read(./secrets/**)");
        json["source"]!.GetValue<string>().ShouldBe("projectSettings");
        var bash = JsonNode.Parse(cli.Stdout)!;
        bash["decision"]!.GetValue<string>().ShouldBe("deny");
        bash["source"]!.GetValue<string>().ShouldBe("cliArg");
        bash["commands"]!.AsArray().Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Bad_usage_exits_2()
    {
        await using var s = await Scenario.StartAsync();

        (await s.RunAsync("permissions", "check", "--input", "{}")).ExitCode.ShouldBe(2);
        (await s.RunAsync("permissions", "check", "--tool", "Read", "--mode", "yolo")).ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task Batch_answers_a_thousand_requests_in_one_process()
    {
        await using var s = await Scenario.StartAsync();
        var lines = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            lines.Append(i % 2 == 0
                ? """{"tool":"Edit","input":{"file_path":"src/a.cs"},"mode":"acceptEdits"}"""
                : """{"tool":"Read","input":{"file_path":"/etc/hostname"},"mode":"dontAsk"}""").Append('\n');
        }

        var watch = Stopwatch.StartNew();
        var result = await s.RunAsync(["permissions", "check", "--batch"], stdin: lines.ToString());
        watch.Stop();

        result.ExitCode.ShouldBe(0, result.ToString());
        var decisions = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["decision"]!.GetValue<string>()).ToList();
        decisions.Count.ShouldBe(1000);
        decisions.Count(d => d == "allow").ShouldBe(500);
        decisions.Count(d => d == "deny").ShouldBe(500);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }
}
