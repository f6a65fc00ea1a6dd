using Keel.Terminal.Rendering;
using Keel.Terminal.Rendering.Code;

namespace Keel.Tests.Terminal.Rendering;

public sealed class SyntaxHighlighterTests
{
    private static readonly RenderOptions Colour = new(Color: true);

    private const string K = "\e[35m";
    private const string S = "\e[32m";
    private const string C = "\e[90m";
    private const string N = "\e[33m";
    private const string R = "\e[0m";

    [Fact]
    public void CSharp_keywords_strings_comments_and_numbers()
    {
        SyntaxHighlighter.Highlight("var x = \"hi\"; // note 1\nreturn 42;", "csharp", Colour)
            .ShouldBe([$"{K}var{R} x = {S}\"hi\"{R}; {C}// note 1{R}", $"{K}return{R} {N}42{R};"]);
    }

    [Fact]
    public void Block_comments_spanning_lines_are_coloured_on_every_line()
    {
        SyntaxHighlighter.Highlight("/* a\nb */ if", "ts", Colour)
            .ShouldBe([$"{C}/* a{R}", $"{C}b */{R} {K}if{R}"]);
    }

    [Fact]
    public void Python_triple_quoted_strings_and_hash_comments()
    {
        SyntaxHighlighter.Highlight("def f():\n    \"\"\"doc\n    more\"\"\"  # c", "py", Colour)
            .ShouldBe([$"{K}def{R} f():", $"    {S}\"\"\"doc{R}", $"{S}    more\"\"\"{R}  {C}# c{R}"]);
    }

    [Fact]
    public void Bash_hash_is_a_comment_only_at_a_word_start()
    {
        SyntaxHighlighter.Highlight("echo $# # count", "bash", Colour)
            .ShouldBe([$"{K}echo{R} $# {C}# count{R}"]);
    }

    [Fact]
    public void Json_keys_differ_from_string_values()
    {
        SyntaxHighlighter.Highlight("{\"a\": \"b\", \"n\": 1.5, \"t\": true}", "json", Colour)
            .ShouldBe([$"{{\e[36m\"a\"{R}: {S}\"b\"{R}, \e[36m\"n\"{R}: {N}1.5{R}, \e[36m\"t\"{R}: {K}true{R}}}"]);
    }

    [Fact]
    public void Go_and_rust_keywords_with_rust_lifetimes_not_taken_for_strings()
    {
        SyntaxHighlighter.Highlight("func main() {}", "go", Colour).ShouldBe([$"{K}func{R} main() {{}}"]);
        SyntaxHighlighter.Highlight("fn f<'a>(x: &'a str) -> char { 'x' }", "rust", Colour)
            .ShouldBe([$"{K}fn{R} f<'a>(x: &'a {K}str{R}) -> char {{ {S}'x'{R} }}"]);
    }

    [Fact]
    public void Unknown_languages_and_no_color_stay_plain()
    {
        SyntaxHighlighter.Highlight("if x then", "cobol", Colour).ShouldBe(["if x then"]);
        SyntaxHighlighter.Highlight("var x = 1;", "cs", new RenderOptions(Color: false)).ShouldBe(["var x = 1;"]);
    }

    [Fact]
    public void Identifiers_containing_keywords_and_digits_are_not_split()
    {
        SyntaxHighlighter.Highlight("format x2 iffy", "js", Colour).ShouldBe(["format x2 iffy"]);
    }
}
