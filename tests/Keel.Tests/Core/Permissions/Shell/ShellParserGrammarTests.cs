using Keel.Core.Permissions.Shell;
using static Keel.Tests.Core.Permissions.Shell.ShellAnalyzerTestHelpers;

namespace Keel.Tests.Core.Permissions.Shell;

public sealed class ShellParserGrammarTests
{
    [Theory]
    [InlineData("a; b", new[] { "a", "b" })]
    [InlineData("a && b || c", new[] { "a", "b", "c" })]
    [InlineData("a | b |& c", new[] { "a", "b", "c" })]
    [InlineData("a & b", new[] { "a", "b" })]
    [InlineData("a\nb\r\nc", new[] { "a", "b", "c" })]
    [InlineData("! a | b", new[] { "a", "b" })]
    [InlineData("time -p a | b", new[] { "a", "b" })]
    [InlineData("( a; b ) && { c; }", new[] { "a", "b", "c" })]
    [InlineData("if a; then b; elif c; then d; else e; fi", new[] { "a", "b", "c", "d", "e" })]
    [InlineData("while a; do b; done; until c; do d; done", new[] { "a", "b", "c", "d" })]
    [InlineData("for x in 1 2; do b $x; done", new[] { "b $x" })]
    [InlineData("for ((i=0;i<3;i++)); do b; done", new[] { "b" })]
    [InlineData("for x do b; done", new[] { "b" })]
    [InlineData("select x in a b; do c; done", new[] { "c" })]
    [InlineData("case $x in a|b) c;; (d) e;& *) f;;& esac", new[] { "c", "e", "f" })]
    [InlineData("[[ -f x && $(a) == y ]]", new[] { "a" })]
    [InlineData("(( x = $(a) + 1 ))", new[] { "a" })]
    [InlineData("coproc NAME { a; }", new[] { "a" })]
    [InlineData("coproc a b", new[] { "a b" })]
    [InlineData("a # ; rm -rf /", new[] { "a" })]
    [InlineData("a#b c", new[] { "a#b c" })]
    [InlineData("a \\\nb", new[] { "a b" })]
    [InlineData("x=1 y=2", new[] { "" })]
    [InlineData("arr=(a $(b) c); d", new[] { "b", "", "d" })]
    public void Grammar_yields_every_simple_command(string command, string[] expected) =>
        Texts(command).ShouldBe(expected);

    [Fact]
    public void Functions_are_analysed_where_defined_and_where_called()
    {
        var analysis = ShellAnalyzer.Analyze("f() { rm x; }; function g { ls; }; f");
        analysis.ParseError.ShouldBeNull();
        analysis.Commands.Select(c => c.Text).ShouldBe(["rm x", "ls", "f", "rm x"]);
        analysis.Commands[2].Has(ShellCommandFlags.FunctionCall).ShouldBeTrue();
        analysis.Commands[3].Has(ShellCommandFlags.FromFunction).ShouldBeTrue();
    }

    [Fact]
    public void A_fork_bomb_is_a_recursive_function()
    {
        var analysis = ShellAnalyzer.Analyze(":(){ :|:& };:");
        analysis.ParseError.ShouldBeNull();
        analysis.Commands.ShouldContain(c => c.Has(ShellCommandFlags.RecursiveFunction));
    }

    [Theory]
    [InlineData("echo $(a)", "a")]
    [InlineData("echo \"x $(a) y\"", "a")]
    [InlineData("echo `a`", "a")]
    [InlineData("echo \"`a \\`b\\``\"", "a `b`")]
    [InlineData("diff <(a) >(b)", "a")]
    [InlineData("echo ${x:-$(a)}", "a")]
    [InlineData("echo \"${x:-`a`}\"", "a")]
    [InlineData("echo $(( $(a) + 1 ))", "a")]
    [InlineData("cat <<EOF\n$(a)\nEOF", "a")]
    [InlineData("echo $( (a) )", "a")]
    [InlineData("x=$(a) y", "a")]
    [InlineData("echo > $(a)", "a")]
    public void Substitutions_are_analysed_and_marked(string command, string inner)
    {
        var analysis = ShellAnalyzer.Analyze(command);
        analysis.ParseError.ShouldBeNull();
        analysis.HasSubstitution.ShouldBeTrue();
        analysis.Commands.ShouldContain(c => c.Text == inner && c.Has(ShellCommandFlags.FromSubstitution));
    }

    [Fact]
    public void A_quoted_here_document_hides_nothing_but_runs_nothing()
    {
        var analysis = ShellAnalyzer.Analyze("cat <<'EOF'\n$(rm x)\nEOF\necho done");
        analysis.Commands.Select(c => c.Text).ShouldBe(["cat", "echo done"]);
        analysis.HasSubstitution.ShouldBeFalse();
        analysis.Commands[0].Redirects[0].Target.Value.ShouldBe("$(rm x)\n");
    }

    [Fact]
    public void Here_document_with_tab_stripping_ends_at_the_indented_delimiter()
    {
        Texts("cat <<-END\n\t`a`\n\tEND\nb").ShouldBe(["a", "cat", "b"]);
    }

    [Theory]
    [InlineData("'a b'", "a b")]
    [InlineData("\"a\"'b'c", "abc")]
    [InlineData("\\r\\m", "rm")]
    [InlineData("$'\\x72\\155\\n'", "rm\n")]
    [InlineData("$\"x\"", "x")]
    [InlineData("\"a\\\"b\\$c\\d\"", "a\"b$c\\d")]
    [InlineData("a\\\nb", "ab")]
    public void Quote_removal_gives_the_value_the_shell_sees(string word, string value) =>
        ShellAnalyzer.Analyze("x " + word).Commands[0].Arguments[1].ShouldBe(value);

    [Theory]
    [InlineData("{a,b}c", new[] { "ac", "bc" })]
    [InlineData("x{1..3}", new[] { "x1", "x2", "x3" })]
    [InlineData("{a..c..2}", new[] { "a", "c" })]
    [InlineData("{a,{b,c}}", new[] { "a", "b", "c" })]
    [InlineData("'{a,b}'", new[] { "{a,b}" })]
    [InlineData("{a}", new[] { "{a}" })]
    public void Brace_expansion(string word, string[] values) =>
        ShellAnalyzer.Analyze("x " + word).Commands[0].Arguments.Skip(1).ShouldBe(values);

    [Fact]
    public void Redirections_are_recorded_with_descriptors()
    {
        var command = ShellAnalyzer.Analyze("a 2>&1 >|out <in 3<>rw &>>log {fd}>x <<<word").Commands[0];
        command.Redirects.Select(r => (r.Fd, r.Operator, r.Target.Value)).ShouldBe(
            [(2, ">&", "1"), (null, ">|", "out"), (null, "<", "in"), (3, "<>", "rw"), (null, "&>>", "log"), (null, ">", "x"), (null, "<<<", "word")]);
        command.Redirects[0].IsDescriptorDuplicate.ShouldBeTrue();
        command.Redirects[1].IsOutput.ShouldBeTrue();
        command.Redirects[5].VariableFd.ShouldBe("fd");
        command.Has(ShellCommandFlags.VariableDescriptor).ShouldBeTrue();
    }

    [Fact]
    public void Leading_assignments_are_recorded()
    {
        var command = ShellAnalyzer.Analyze("A=1 B+=x C[2]=y cmd arg").Commands[0];
        command.Assignments.Select(a => (a.Name, a.Value.Value)).ShouldBe([("A", "1"), ("B", "x"), ("C", "y")]);
        command.Text.ShouldBe("cmd arg");
    }

    [Theory]
    [InlineData("echo 'abc")]
    [InlineData("echo \"abc")]
    [InlineData("echo $(abc")]
    [InlineData("echo `abc")]
    [InlineData("( a")]
    [InlineData("a )")]
    [InlineData("if a; then b")]
    [InlineData("cat <<EOF\nbody")]
    [InlineData("cat <<EOF")]
    [InlineData("a &&")]
    [InlineData("| a")]
    [InlineData("a >")]
    [InlineData("case x in a) b")]
    [InlineData("{ a }")]
    [InlineData("echo ${x")]
    public void Parse_errors_are_reported(string command) =>
        ShellAnalyzer.Analyze(command).ParseError.ShouldNotBeNull();

    [Fact]
    public void Commands_before_a_parse_error_are_kept()
    {
        var analysis = ShellAnalyzer.Analyze("rm -rf x; echo 'oops");
        analysis.ParseError.ShouldNotBeNull();
        analysis.Commands.Select(c => c.Text).ShouldContain("rm -rf x");
    }

    [Fact]
    public void Deep_nesting_is_flagged_not_skipped()
    {
        var deep = string.Concat(Enumerable.Repeat("$(", 200)) + "a" + new string(')', 200);
        ShellAnalyzer.Analyze("echo " + deep).ParseError.ShouldNotBeNull();
        var shells = string.Concat(Enumerable.Repeat("eval ", 100)) + "a";
        var nested = ShellAnalyzer.Analyze(shells);
        nested.Commands.ShouldContain(c => c.Has(ShellCommandFlags.TooDeep) || c.Has(ShellCommandFlags.UnanalysableScript));
    }

    [Fact]
    public void Random_input_never_throws()
    {
        var random = new Random(1234);
        const string alphabet = "ab $'\"`\\(){}[]<>|&;#\n\r=*?~-!{},.0123456789ecfidnsu";
        for (var i = 0; i < 20000; i++)
        {
            var length = random.Next(0, 40);
            var chars = new char[length];
            for (var k = 0; k < length; k++)
            {
                chars[k] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            Should.NotThrow(() => ShellAnalyzer.Analyze(text), text);
        }
    }
}
