using Keel.Cli.Arguments;

namespace Keel.Tests.Cli;

/// <summary>Every flag the Agent SDK (0.3.x and the 0.2.x two-argument style) and the ACP adapters pass parses, in both value forms.</summary>
public sealed class HostFlagParsingTests
{
    public static TheoryData<string[]> SdkFlags() => new()
    {
        new[] { "--thinking=adaptive" }, new[] { "--thinking", "disabled" }, new[] { "--thinking=enabled" },
        new[] { "--thinking-display=summarized" }, new[] { "--thinking-display", "omitted" },
        new[] { "--effort=xhigh" }, new[] { "--task-budget=20000" }, new[] { "--betas=a-2025-01-01,b-2025-02-02" },
        new[] { "--debug-file=/tmp/keel-debug.txt" }, new[] { "--permission-prompts=host" }, new[] { "--permission-prompts", "none" },
        new[] { "--tools=Read,Bash" }, new[] { "--tools=" }, new[] { "--tools", "" }, new[] { "--tools=default" },
        new[] { "--setting-sources=user,project,local" }, new[] { "--setting-sources=" },
        new[] { "--allow-dangerously-skip-permissions" }, new[] { "--include-hook-events" }, new[] { "--include-partial-messages" },
        new[] { "--session-mirror" }, new[] { "--project-config-root=/tmp" }, new[] { "--plugin-dir=/tmp/p" }, new[] { "--plugin-dir-no-mcp=/tmp/p" },
        new[] { "--replay-user-messages" }, new[] { "--channels=plugin:x" }, new[] { "--debug-to-stderr" },
        new[] { "--managed-settings", """{"permissions":{"deny":["WebFetch"]}}""" },
        new[] { "--permission-prompt-tool=stdio" }, new[] { "--permission-mode=dontAsk" }, new[] { "--fallback-model=haiku" },
        new[] { "--max-turns=4" }, new[] { "--max-budget-usd=0.5" }, new[] { "--model=sonnet" }, new[] { "--agent=reviewer" },
        new[] { "--session-id=6f1d3c1e-1f7a-4c1e-9d4e-2b8f1f1a0c11" }, new[] { "--no-session-persistence" }, new[] { "--strict-mcp-config" },
        new[] { "--add-dir=/tmp" }, new[] { "--allowedTools=Read,Skill(review)" }, new[] { "--disallowedTools=WebFetch" },
        new[] { "--settings", """{"sandbox":{"enabled":false}}""" },
    };

    [Theory]
    [MemberData(nameof(SdkFlags))]
    public void A_flag_a_host_passes_is_accepted_with_stream_json_io(string[] flag)
    {
        string[] args = ["--output-format", "stream-json", "--verbose", "--input-format", "stream-json", .. flag];

        var (options, error) = ArgumentParser.Parse(args);

        error.ShouldBeNull();
        options!.Prompt.ShouldBeNull();
        options.InputFormat.ShouldBe("stream-json");
    }

    [Fact]
    public void The_await_initialize_and_resume_flags_are_accepted_together()
    {
        var (options, error) = ArgumentParser.Parse(
            ["--input-format=stream-json", "--output-format=stream-json", "--await-initialize", "--initialize-fields=settings,disallowedTools",
             "--resume=abc", "--fork-session", "--resume-session-at=6f1d3c1e-1f7a-4c1e-9d4e-2b8f1f1a0c11", "--resume-drops-turn=6f1d3c1e-1f7a-4c1e-9d4e-2b8f1f1a0c12"]);

        error.ShouldBeNull();
        options!.AwaitInitialize.ShouldBeTrue();
        options.InputFormat.ShouldBe("stream-json");
        options.ForkSession.ShouldBeTrue();
        options.ResumeSessionAt.ShouldBe("6f1d3c1e-1f7a-4c1e-9d4e-2b8f1f1a0c11");
    }

    [Fact]
    public void Tools_and_setting_sources_keep_an_empty_list_apart_from_not_given()
    {
        ArgumentParser.Parse(["-p", "x"]).Options!.Tools.ShouldBeNull();
        ArgumentParser.Parse(["-p", "x", "--tools="]).Options!.Tools.ShouldBeEmpty();
        ArgumentParser.Parse(["-p", "x", "--tools", "Read, Grep"]).Options!.Tools.ShouldBe(["Read", "Grep"]);
        ArgumentParser.Parse(["-p", "x", "--tools=default"]).Options!.Tools.ShouldBeNull();
        ArgumentParser.Parse(["-p", "x"]).Options!.SettingSources.ShouldBeNull();
        ArgumentParser.Parse(["-p", "x", "--setting-sources="]).Options!.SettingSources.ShouldBeEmpty();
        ArgumentParser.Parse(["-p", "x", "--setting-sources=user,local"]).Options!.SettingSources!.Order().ShouldBe(["local", "user"]);
    }

    [Fact]
    public void Thinking_flags_map_onto_the_thinking_settings()
    {
        ArgumentParser.Parse(["-p", "x", "--thinking=disabled"]).Options!.MaxThinkingTokens.ShouldBe(0);
        ArgumentParser.Parse(["-p", "x", "--thinking=adaptive"]).Options!.Effort.ShouldBe("high");
        ArgumentParser.Parse(["-p", "x", "--effort=low", "--thinking=adaptive"]).Options!.Effort.ShouldBe("low");
        ArgumentParser.Parse(["-p", "x", "--thinking-display=omitted"]).Options!.ThinkingDisplay.ShouldBe("omitted");
        ArgumentParser.Parse(["--input-format", "stream-json", "--permission-prompts=host"]).Options!.PermissionPromptTool.ShouldBe("stdio");
        ArgumentParser.Parse(["-p", "x", "--debug-file", "/tmp/d.txt"]).Options!.Debug.ShouldBe(string.Empty);
    }

    [Theory]
    [InlineData(new[] { "--permission-mode", "auto" }, "no auto mode")]
    [InlineData(new[] { "--thinking=sometimes" }, "--thinking must be")]
    [InlineData(new[] { "--thinking-display=full" }, "--thinking-display must be")]
    [InlineData(new[] { "--setting-sources=user,global" }, "got 'global'")]
    [InlineData(new[] { "--resume-session-at=6f1d3c1e-1f7a-4c1e-9d4e-2b8f1f1a0c11" }, "needs --resume")]
    [InlineData(new[] { "--resume=abc", "--resume-session-at=latest" }, "needs a message UUID")]
    [InlineData(new[] { "--fork-session" }, "needs --resume or --continue")]
    [InlineData(new[] { "-p", "x", "--await-initialize" }, "needs --input-format stream-json")]
    [InlineData(new[] { "--managed-settings", "/etc/file.json" }, "JSON object")]
    [InlineData(new[] { "--permission-prompts=sometimes" }, "host or none")]
    [InlineData(new[] { "--debug-file" }, "needs a value")]
    [InlineData(new[] { "--json-schema=[1]" }, "JSON schema object")]
    [InlineData(new[] { "--json-schema={\"type\":" }, "not valid JSON")]
    public void A_bad_value_or_a_flag_without_its_partner_is_refused_with_a_reason(string[] args, string message)
    {
        var (options, error) = ArgumentParser.Parse(args);

        options.ShouldBeNull();
        error!.ShouldContain(message);
    }

    [Fact]
    public void Json_schema_keeps_the_schema_for_structured_output()
    {
        var (options, error) = ArgumentParser.Parse(["-p", "x", "--json-schema={\"type\":\"object\"}"]);

        error.ShouldBeNull();
        options!.JsonSchema.ShouldBe("{\"type\":\"object\"}");
    }

    [Fact]
    public void The_empty_argument_the_acp_adapter_adds_after_replay_is_not_a_prompt()
    {
        var (options, error) = ArgumentParser.Parse(["--input-format", "stream-json", "--output-format", "stream-json", "--replay-user-messages", ""]);

        error.ShouldBeNull();
        options!.ReplayUserMessages.ShouldBeTrue();
        options.Prompt.ShouldBeNull();
    }

    [Fact]
    public void An_unknown_flag_is_still_refused()
    {
        ArgumentParser.Parse(["--no-such-flag"]).Error!.ShouldContain("unknown option '--no-such-flag'");
    }
}
