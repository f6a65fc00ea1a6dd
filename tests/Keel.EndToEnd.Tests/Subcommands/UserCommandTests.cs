using System.Diagnostics;
using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Subcommands;

/// <summary>The words a user types as subcommands (doctor, auth, config, agents, completion, update) run as commands, not prompts.</summary>
public sealed class UserCommandTests
{
    private static readonly Dictionary<string, string?> NoKey = new(StringComparer.Ordinal) { ["ANTHROPIC_API_KEY"] = null };

    [Fact]
    public async Task Doctor_passes_on_a_healthy_setup_and_never_asks_the_model()
    {
        await using var s = await Scenario.StartAsync();

        var result = await s.RunAsync("doctor");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("[ok  ] settings");
        result.Stdout.ShouldContain("[ok  ] auth: ANTHROPIC_API_KEY (firstParty)");
        result.Stdout.ShouldContain("[ok  ] api: " + s.Server.BaseUrl);
        result.Stdout.ShouldContain("[ok  ] mcp: no MCP servers configured");
        result.Stdout.ShouldContain("] sandbox:");
        result.Stdout.ShouldContain("] terminal:");
        result.Stdout.ShouldContain("No problems found.");
        s.Server.MessageRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Doctor_fails_with_a_fix_for_broken_settings_missing_credentials_and_a_dead_mcp_server()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/settings.json", """{"permissions":{"defaultMode":"sometimes"}}""");
        Directory.CreateDirectory(s.Workspace.ConfigDir);
        File.WriteAllText(Path.Combine(s.Workspace.ConfigDir, "mcp.json"), """{"mcpServers":{"ghost":{"command":"/nonexistent/mcp-server"}}}""");

        var result = await s.RunAsync(["doctor"], NoKey);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain("[FAIL] settings:");
        result.Stdout.ShouldContain("defaultMode");
        result.Stdout.ShouldContain("[FAIL] auth: no credentials for firstParty");
        result.Stdout.ShouldContain("fix: export ANTHROPIC_API_KEY=");
        result.Stdout.ShouldContain("[FAIL] mcp ghost:");
        result.Stdout.ShouldContain("fix: run the command by hand");
        result.Stdout.ShouldContain("3 check(s) failed.");
    }

    [Fact]
    public async Task Auth_status_reports_the_credential_source_and_exits_1_without_one()
    {
        await using var s = await Scenario.StartAsync();

        var json = await s.RunAsync("auth", "status", "--json");
        var text = await s.RunAsync("auth", "status");
        var missing = await s.RunAsync(["auth", "status", "--json"], NoKey);

        json.ExitCode.ShouldBe(0, json.ToString());
        var status = JsonNode.Parse(json.Stdout)!;
        status["loggedIn"]!.GetValue<bool>().ShouldBeTrue();
        status["apiProvider"]!.GetValue<string>().ShouldBe("firstParty");
        status["apiKeySource"]!.GetValue<string>().ShouldBe("ANTHROPIC_API_KEY");
        text.Stdout.ShouldContain("Logged in: ANTHROPIC_API_KEY");
        missing.ExitCode.ShouldBe(1);
        JsonNode.Parse(missing.Stdout)!["loggedIn"]!.GetValue<bool>().ShouldBeFalse();
        var bad = await s.RunAsync("auth", "whoami");
        bad.ExitCode.ShouldBe(2);
        bad.Stderr.ShouldContain("keel auth status");
    }

    [Fact]
    public async Task Config_sets_gets_lists_and_unsets_keys_and_refuses_a_value_keel_would_reject()
    {
        await using var s = await Scenario.StartAsync();

        (await s.RunAsync("config", "set", "permissions.defaultMode", "acceptEdits")).ExitCode.ShouldBe(0);
        (await s.RunAsync("config", "set", "--global", "model", "opus")).ExitCode.ShouldBe(0);
        var rejected = await s.RunAsync("config", "set", "permissions.defaultMode", "sometimes");
        var get = await s.RunAsync("config", "get", "permissions.defaultMode");
        var list = await s.RunAsync("config", "list");

        rejected.ExitCode.ShouldBe(1);
        rejected.Stderr.ShouldContain("nothing was saved");
        get.Stdout.Trim().ShouldBe("acceptEdits");
        JsonNode.Parse(s.Workspace.Read(".keel/settings.local.json"))!["permissions"]!["defaultMode"]!.GetValue<string>().ShouldBe("acceptEdits");
        JsonNode.Parse(File.ReadAllText(Path.Combine(s.Workspace.ConfigDir, "settings.json")))!["model"]!.GetValue<string>().ShouldBe("opus");
        list.Stdout.ShouldContain("model = \"opus\"");
        list.Stdout.ShouldContain("permissions = ");

        (await s.RunAsync("config", "unset", "permissions.defaultMode")).ExitCode.ShouldBe(0);
        var gone = await s.RunAsync("config", "get", "permissions.defaultMode");
        gone.ExitCode.ShouldBe(1);
        gone.Stderr.ShouldContain("is not set");
        (await s.RunAsync("config", "frobnicate")).ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task A_config_value_takes_effect_in_the_next_session()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Write", """{"file_path":"made.txt","content":"x"}"""), Turn.Text("Done."));

        (await s.RunAsync("config", "set", "permissions.defaultMode", "acceptEdits")).ExitCode.ShouldBe(0);
        var run = await s.RunAsync("-p", "write made.txt");

        run.ExitCode.ShouldBe(0, run.ToString());
        s.Workspace.Read("made.txt").ShouldBe("x");
    }

    [Fact]
    public async Task Agents_lists_built_in_and_custom_agents()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".claude/agents/reviewer.md", "---\nname: reviewer\ndescription: Reviews code for bugs\ntools: Read, Grep\n---\nReview carefully.\n");

        var result = await s.RunAsync("agents");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("general-purpose (built-in");
        result.Stdout.ShouldContain("reviewer (project");
        result.Stdout.ShouldContain("Reviews code for bugs");
        s.Server.MessageRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Completion_scripts_complete_subcommands_and_flags_and_bash_loads_them()
    {
        await using var s = await Scenario.StartAsync();

        var bash = await s.RunAsync("completion", "bash");
        var zsh = await s.RunAsync("completion", "zsh");
        var fish = await s.RunAsync("completion", "fish");
        var unknown = await s.RunAsync("completion", "tcsh");

        bash.ExitCode.ShouldBe(0);
        bash.Stdout.ShouldContain("--permission-mode");
        bash.Stdout.ShouldContain("doctor");
        zsh.Stdout.ShouldContain("compdef _keel keel");
        fish.Stdout.ShouldContain("complete -c keel -l permission-mode");
        unknown.ExitCode.ShouldBe(2);

        // bash itself loads the script and completes "keel do" to "doctor".
        var script = Path.Combine(s.Workspace.Path, "keel.bash");
        File.WriteAllText(script, bash.Stdout);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"source '{script}' && COMP_WORDS=(keel do) && COMP_CWORD=1 && _keel && echo \"${{COMPREPLY[@]}}\" && complete -p keel");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, output + await process.StandardError.ReadToEndAsync());
        output.ShouldContain("doctor");
        output.ShouldContain("complete -o default -F _keel keel");
    }

    [Fact]
    public async Task Update_prints_how_to_update_from_the_checkout()
    {
        await using var s = await Scenario.StartAsync();

        var result = await s.RunAsync("update");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("git pull && ./install.sh");
        s.Server.MessageRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Help_lists_the_subcommands_and_an_unknown_word_is_still_a_prompt()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Here is a haiku."));

        var help = await s.RunAsync("--help");
        var prompt = await s.RunAsync("haiku", "-p");

        foreach (var line in (string[])["keel acp", "keel doctor", "keel auth status", "keel config get", "keel agents", "keel completion bash|zsh|fish", "keel update"])
        {
            help.Stdout.ShouldContain(line);
        }

        prompt.ExitCode.ShouldBe(0, prompt.ToString());
        prompt.Stdout.ShouldContain("Here is a haiku.");
        s.Server.MessageRequests.Single().Messages!.ToJsonString().ShouldContain("haiku");
    }
}
