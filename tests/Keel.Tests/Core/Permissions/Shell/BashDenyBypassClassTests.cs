using Keel.Core.Permissions;
using static Keel.Tests.Core.Permissions.Shell.BashPermissionHarness;

namespace Keel.Tests.Core.Permissions.Shell;

/// <summary>Every shell bypass class from security-research.md against the deny rule Bash(rm:*): the rule must fire wherever rm hides.</summary>
public sealed class BashDenyBypassClassTests
{
    private static void Denied(string command)
    {
        var decision = Decide(command).Decision;
        decision.Behavior.ShouldBe(PermissionBehavior.Deny, command + " → " + decision.Reason);
        decision.Source.ShouldBe("projectSettings");
    }

    [Theory]
    [InlineData("r''m -rf build")]
    [InlineData("\"r\"m -rf build")]
    [InlineData("\\rm -rf build")]
    [InlineData("'rm' -rf build")]
    public void Quoting_tricks(string command) => Denied(command);

    [Theory]
    [InlineData("rm${IFS}-rf${IFS}build")]
    [InlineData("rm$IFS-rf$IFS/")]
    public void Ifs_word_splitting(string command) => Denied(command);

    [Fact]
    public void Ansi_c_quoting() => Denied("$'\\x72\\x6d' -rf build");

    [Fact]
    public void Brace_expansion() => Denied("{rm,-rf,build}");

    [Fact]
    public void Line_continuation() => Denied("r\\\nm -rf build");

    [Theory]
    [InlineData("ls # harmless\nrm -rf build")]
    [InlineData("ls\nrm -rf build")]
    [InlineData("ls\r\nrm -rf build")]
    [InlineData("ls\rrm -rf build")]
    public void Comments_and_newline_separators(string command) => Denied(command);

    [Theory]
    [InlineData("ls & rm -rf build")]
    [InlineData("ls |& rm -rf build")]
    [InlineData("ls && rm -rf build")]
    [InlineData("ls || rm -rf build")]
    [InlineData("ls; rm -rf build")]
    [InlineData("ls | rm -rf build")]
    public void Separators_and_backgrounding(string command) => Denied(command);

    [Theory]
    [InlineData("(rm -rf build)")]
    [InlineData("{ rm -rf build; }")]
    [InlineData("f() { rm -rf build; }")]
    [InlineData("function f { rm -rf build; }; f")]
    [InlineData("if true; then rm -rf build; fi")]
    [InlineData("if false; then :; else rm -rf build; fi")]
    [InlineData("while true; do rm -rf build; done")]
    [InlineData("until false; do rm -rf build; done")]
    [InlineData("for i in a; do rm -rf build; done")]
    [InlineData("case x in x) rm -rf build;; esac")]
    [InlineData("coproc rm -rf build")]
    [InlineData("time rm -rf build")]
    [InlineData("! rm -rf build")]
    public void Subshells_groups_functions_and_compound_bodies(string command) => Denied(command);

    [Theory]
    [InlineData("echo $(rm -rf build)")]
    [InlineData("echo \"$(rm -rf build)\"")]
    [InlineData("echo `rm -rf build`")]
    [InlineData("echo \"`rm -rf build`\"")]
    [InlineData("cat <(rm -rf build)")]
    [InlineData("tee >(rm -rf build)")]
    [InlineData("echo ${x:-$(rm -rf build)}")]
    [InlineData("cat <<EOF\n$(rm -rf build)\nEOF")]
    [InlineData("git log --grep=\"$(rm -rf build)\"")]
    public void Command_and_process_substitution(string command) => Denied(command);

    [Theory]
    [InlineData("bash -c 'rm -rf build'")]
    [InlineData("sh -c 'rm -rf build'")]
    [InlineData("bash -lc 'rm -rf build'")]
    [InlineData("zsh -ec 'rm -rf build' arg0")]
    [InlineData("bash --norc -c 'rm -rf build'")]
    [InlineData("bash -c \"sh -c 'dash -c \\\"rm -rf build\\\"'\"")]
    [InlineData("bash <<EOF\nrm -rf build\nEOF")]
    [InlineData("sh <<'X'\nrm -rf build\nX")]
    [InlineData("sh <<< 'rm -rf build'")]
    public void Nested_shells(string command) => Denied(command);

    [Theory]
    [InlineData("eval 'rm -rf build'")]
    [InlineData("eval rm -rf build")]
    [InlineData("trap 'rm -rf build' EXIT")]
    public void Eval_and_trap(string command) => Denied(command);

    [Theory]
    [InlineData("echo build | xargs rm -rf")]
    [InlineData("xargs -0 -n 1 rm < list")]
    [InlineData("find . -name '*.o' -exec rm {} \\;")]
    [InlineData("find . -execdir rm {} +")]
    [InlineData("find . -ok rm {} \\;")]
    public void Xargs_and_find_exec(string command) => Denied(command);

    [Theory]
    [InlineData("env rm -rf build")]
    [InlineData("env -i FOO=1 rm -rf build")]
    [InlineData("timeout 5 rm -rf build")]
    [InlineData("timeout -s KILL 5 rm -rf build")]
    [InlineData("nice -n 10 rm -rf build")]
    [InlineData("nohup rm -rf build")]
    [InlineData("stdbuf -o0 rm -rf build")]
    [InlineData("sudo -u root rm -rf build")]
    [InlineData("command rm -rf build")]
    [InlineData("builtin exec rm -rf build")]
    [InlineData("exec rm -rf build")]
    [InlineData("watch -n 1 rm -rf build")]
    [InlineData("flock /tmp/l rm -rf build")]
    [InlineData("setsid -f rm -rf build")]
    [InlineData("timeout --weird-option 5 rm -rf build")]
    public void Wrappers(string command) => Denied(command);

    [Theory]
    [InlineData("/bin/rm -rf build")]
    [InlineData("./rm -rf build")]
    [InlineData("VAR=x rm -rf build")]
    [InlineData("rm    -rf\tbuild")]
    public void Path_forms_and_assignments(string command) => Denied(command);

    [Theory]
    [InlineData("git -C /tmp push origin main")]
    [InlineData("git -c user.name=x commit -m msg")]
    [InlineData("git --no-pager push")]
    [InlineData("git checkout main && git push")]
    public void Git_global_options_are_removed_before_matching(string command) => Denied(command);

    [Fact]
    public void A_deny_rule_on_the_two_thousandth_subcommand_fires()
    {
        var command = string.Join(" && ", Enumerable.Range(0, 1999).Select(i => $"echo {i}")) + "; rm -rf build";
        Denied(command);
    }

    [Fact]
    public void Deny_wins_even_when_the_rest_cannot_be_parsed() => Denied("rm -rf build; echo 'unterminated");

    [Fact]
    public void Deny_wins_over_an_unanalysable_script() => Denied("rm -rf build; bash -c \"$X\"");

    [Fact]
    public void The_reason_names_the_command_rule_and_source()
    {
        var decision = Decide("ls && rm -rf build").Decision;
        decision.Reason.ShouldBe("`rm -rf build` matches the deny rule Bash(rm:*) from projectSettings");
        decision.Rule.ShouldBe("Bash(rm:*)");
    }
}
