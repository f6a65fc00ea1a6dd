using System.Text.Json;

namespace Keel.Tests.Tools.Shell;

public sealed class BashToolTests : IDisposable
{
    private readonly BashHarness _bash = new();

    [Fact]
    public async Task Reports_stdout_then_stderr_then_the_exit_code()
    {
        var result = await _bash.RunAsync("echo out; echo err >&2; exit 5");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("out\nerr\nExit code 5");
        result.Details!["stdout"]!.GetValue<string>().ShouldBe("out\n");
        result.Details["stderr"]!.GetValue<string>().ShouldBe("err\n");
        result.Details["exitCode"]!.GetValue<int>().ShouldBe(5);
        result.Details["interrupted"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task A_silent_successful_command_says_no_output()
    {
        var result = await _bash.RunAsync("true");

        result.IsError.ShouldBeFalse();
        result.Text.ShouldBe("(no output)");
    }

    [Fact]
    public async Task A_syntax_error_reports_bash_stderr_and_exit_code_2()
    {
        var result = await _bash.RunAsync("echo start; if then");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("syntax error");
        result.Text.ShouldEndWith("Exit code 2");
        result.Text.ShouldNotContain("start\n");
    }

    [Fact]
    public async Task Exit_keeps_its_status_and_the_directory_it_left_from()
    {
        Directory.CreateDirectory(Path.Combine(_bash.Project, "sub"));

        var result = await _bash.RunAsync("cd sub && exit 3");

        result.Text.ShouldBe("Exit code 3");
        result.Details!["exitCode"]!.GetValue<int>().ShouldBe(3);
        _bash.Session.CurrentDirectory.ShouldBe(Path.Combine(_bash.Project, "sub"));
    }

    [Fact]
    public async Task A_trailing_comment_does_not_swallow_the_wrapper()
    {
        Directory.CreateDirectory(Path.Combine(_bash.Project, "sub"));

        var result = await _bash.RunAsync("cd sub # go there");
        var pwd = await _bash.RunAsync("pwd # where am I");

        result.IsError.ShouldBeFalse();
        pwd.Text.ShouldBe(Path.Combine(_bash.Project, "sub"));
    }

    [Fact]
    public async Task Heredocs_and_quotes_pass_through_unchanged()
    {
        var result = await _bash.RunAsync("cat <<'EOF'\nliteral $HOME \"double\" 'single'\nEOF\necho \"it's\" 'a \"test\"'");

        result.IsError.ShouldBeFalse();
        result.Text.ShouldBe("literal $HOME \"double\" 'single'\nit's a \"test\"");
    }

    [Fact]
    public async Task Cd_carries_over_to_the_next_call()
    {
        var sub = Path.Combine(_bash.Project, "sub");
        Directory.CreateDirectory(sub);

        await _bash.RunAsync("cd sub");
        var result = await _bash.RunAsync("pwd");

        _bash.Session.CurrentDirectory.ShouldBe(sub);
        result.Text.ShouldBe(sub);
    }

    [Fact]
    public async Task Cd_outside_the_allowed_directories_resets_to_the_project_with_a_note()
    {
        var result = await _bash.RunAsync("cd /");
        var pwd = await _bash.RunAsync("pwd");

        result.IsError.ShouldBeFalse();
        result.Text.ShouldContain($"Shell cwd was reset to {_bash.Project}");
        result.Text.ShouldContain("outside");
        _bash.Session.CurrentDirectory.ShouldBe(_bash.Project);
        pwd.Text.ShouldBe(_bash.Project);
    }

    [Fact]
    public async Task A_deleted_working_directory_resets_to_the_project()
    {
        var gone = Path.Combine(_bash.Project, "gone");
        Directory.CreateDirectory(gone);
        await _bash.RunAsync("cd gone");
        Directory.Delete(gone);

        var result = await _bash.RunAsync("pwd");

        result.Text.ShouldStartWith(_bash.Project + "\n");
        result.Text.ShouldContain("no longer exists");
    }

    [Fact]
    public async Task Environment_variables_do_not_persist_between_calls()
    {
        await _bash.RunAsync("export KEEL_TEST_VALUE=set");
        var result = await _bash.RunAsync("echo \"[${KEEL_TEST_VALUE:-unset}]\"");

        result.Text.ShouldBe("[unset]");
    }

    [Fact]
    public async Task Commands_see_keel_and_non_interactive_git_settings()
    {
        var result = await _bash.RunAsync("echo \"$KEEL $GIT_TERMINAL_PROMPT $GIT_PAGER\"");

        result.Text.ShouldBe("1 0 cat");
    }

    [Fact]
    public async Task Stdin_is_empty_so_a_reading_command_returns_at_once()
    {
        var result = await _bash.RunAsync("cat; read -r line || echo eof", timeout: 5_000);

        result.IsError.ShouldBeFalse();
        result.Text.ShouldBe("eof");
    }

    [Fact]
    public async Task Invalid_utf8_is_replaced_not_fatal()
    {
        var result = await _bash.RunAsync("printf 'a\\377b'");

        result.Text.ShouldBe("a\uFFFDb");
    }

    [Fact]
    public async Task Empty_command_is_a_validation_error()
    {
        var result = await _bash.RunAsync("   ");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("non-empty command");
    }

    [Fact]
    public void Schema_has_snake_case_properties_with_descriptions_and_requires_command()
    {
        var schema = _bash.Tool.Definition.InputSchema;
        var properties = schema.GetProperty("properties");

        _bash.Tool.Name.ShouldBe("Bash");
        properties.GetProperty("command").GetProperty("description").GetString().ShouldBe("The shell command to run.");
        properties.GetProperty("timeout").GetProperty("description").GetString()!.ShouldContain("milliseconds");
        properties.GetProperty("description").GetProperty("description").GetString()!.ShouldContain("short description");
        schema.GetProperty("required").EnumerateArray().Select(static e => e.GetString()).ShouldBe(["command"]);
        _bash.Tool.Definition.Description.ShouldContain("cd");
        _bash.Tool.IsReadOnly(BashHarness.Input("ls")).ShouldBeFalse();
        // A proven read-only script may run beside other read-only calls; anything else runs alone.
        _bash.Tool.IsConcurrencySafe(BashHarness.Input("ls")).ShouldBeTrue();
        _bash.Tool.IsConcurrencySafe(BashHarness.Input("rm -f x")).ShouldBeFalse();
        _bash.Tool.FailureCancelsSiblings.ShouldBeTrue();
    }

    [Fact]
    public async Task Missing_command_is_an_input_error()
    {
        using var document = JsonDocument.Parse("""{"timeout": 1000}""");
        var result = await _bash.Tool.ExecuteAsync(document.RootElement, new global::Keel.Core.Tools.ToolContext("t", _bash.Session), CancellationToken.None);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("InputValidationError");
    }

    public void Dispose() => _bash.Dispose();
}
