using System.Text;
using System.Text.RegularExpressions;
using Keel.Tools.Search;

namespace Keel.Tests.Tools.Search;

/// <summary>
/// The literal Grep scans for before any regex work: it must be in every match (else files with matches are skipped), so
/// every extracted literal is also checked against the regex on sample text.
/// </summary>
public sealed class LiteralPrefilterTests
{
    [Theory]
    [InlineData("return", false, "return")]
    [InlineData(@"^TODO\b", false, "TODO")]
    [InlineData(@"\w+_\d+", false, "_")]
    [InlineData(@"[a-z]+Service\(", false, "Service(")]
    [InlineData(@"\s*value$", false, "value")]
    [InlineData(@"foo\d+barbaz", false, "barbaz")]
    [InlineData("ab?cd", false, "cd")]
    [InlineData("abc*d", false, "ab")]
    [InlineData("ab+c", false, "ab")]
    [InlineData("x{2}yz", false, "yz")]
    [InlineData("xy{0,3}z", false, "x")]
    [InlineData(@"(?<name>\d+)-key", false, "-key")]
    [InlineData(@"(?<=value )token", false, "token")]
    [InlineData(@"[a-z-[aeiou]]xyz", false, "xyz")]
    [InlineData(@"[]a]bc", false, "bc")]
    [InlineData(@"a\.b", false, "a.b")]
    [InlineData("café", false, "café")]
    [InlineData("kelvin", true, "elvin")]
    [InlineData("café au lait", true, " au lait")]
    public void The_required_literal_is_the_longest_run_every_match_contains(string pattern, bool ignoreCase, string expected)
    {
        LiteralPrefilter.RequiredLiteral(pattern, ignoreCase).ShouldBe(expected);
    }

    [Theory]
    [InlineData("foo|bar")]
    [InlineData("(?i)abc")]
    [InlineData("(?x)a b")]
    [InlineData("(?#note)abc")]
    [InlineData(@"\p{L}+")]
    [InlineData(@"\d+")]
    [InlineData("a?")]
    [InlineData(@"\x41+")]
    public void Patterns_without_a_safe_literal_get_none(string pattern)
    {
        LiteralPrefilter.RequiredLiteral(pattern).ShouldBeNull();
    }

    [Theory]
    [InlineData(@"\w+_\d+", "a needle_42 here", false)]
    [InlineData("needle_7", "A NEEDLE_7 b", true)]
    [InlineData("kelvin", "273 \u212Aelvin", true)]
    [InlineData("Token", "x tOkEn y", true)]
    [InlineData(@"foo\d+barbaz", "foo12barbaz", false)]
    [InlineData(@"(?<name>\d+)-key", "12-key", false)]
    public void The_scan_finds_the_literal_wherever_the_regex_matches(string pattern, string text, bool ignoreCase)
    {
        var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        Regex.IsMatch(text, pattern, options).ShouldBeTrue();
        var prefilter = LiteralPrefilter.TryCreate(pattern, ignoreCase).ShouldNotBeNull();
        var bytes = Encoding.UTF8.GetBytes(text);
        prefilter.MayMatch(bytes).ShouldBeTrue();
        prefilter.MayMatch(Encoding.UTF8.GetBytes("nothing of it")).ShouldBeFalse();
    }

    [Fact]
    public void Ignoring_case_the_scan_reports_the_first_occurrence_whichever_byte_it_looks_for()
    {
        var prefilter = LiteralPrefilter.TryCreate("needle_7", ignoreCase: true).ShouldNotBeNull();
        var text = "_7 needle_8 NEEDLE_7 needle_7"u8;
        prefilter.IndexIn(text).ShouldBe(12);
        prefilter.IndexIn("needle_"u8).ShouldBe(-1);
        prefilter.IndexIn("NeEdLe_7"u8).ShouldBe(0);
    }
}
