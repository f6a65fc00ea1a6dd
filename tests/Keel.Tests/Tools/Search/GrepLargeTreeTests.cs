using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Keel.Tests.Tools.Files;
using Keel.Tools.Search;

namespace Keel.Tests.Tools.Search;

/// <summary>
/// Grep and Glob over a generated tree of a few thousand files, checked against a plain line-by-line reference:
/// every fast path (literal without regex, literal-then-regex per line, whole-file regex) must count the same lines.
/// </summary>
public sealed class GrepLargeTreeTests : IClassFixture<GrepLargeTreeTests.Tree>
{
    private readonly ToolHarness _h;
    private readonly IDictionary<string, string> _contents;

    public GrepLargeTreeTests(Tree tree)
    {
        _h = tree.Harness;
        _contents = tree.Contents;
    }

    [Theory]
    [InlineData("return", false)]
    [InlineData("return", true)]
    [InlineData("needle_2", false)]
    [InlineData(@"return \w+", false)]
    [InlineData(@"token\s*value$", false)]
    [InlineData(@"^TODO", true)]
    [InlineData(@"\w+_\d+", false)]
    [InlineData(@"(?<=value )token", false)]
    [InlineData(@"token(?= value)", false)]
    [InlineData(@"parse\(", false)]
    [InlineData(@"a\.b", false)]
    [InlineData("café", false)]
    [InlineData(@"\bvalue\b", false)]
    [InlineData(@"[a-z]+_\d+", false)]
    [InlineData(@"\s+value", false)]
    [InlineData(@"e_\d", true)]
    [InlineData("ToDo", true)]
    [InlineData("NEEDLE_22", true)]
    [InlineData(@"oken\s?v", false)]
    [InlineData(@"(?<w>\w)\.b", false)]
    public async Task Count_mode_matches_a_line_by_line_reference_on_every_file(string pattern, bool ignoreCase)
    {
        var expected = Reference(pattern, ignoreCase);
        var result = await _h.RunAsync(new GrepTool(), new JsonObject { ["pattern"] = pattern, ["-i"] = ignoreCase, ["output_mode"] = "count", ["head_limit"] = 0 });
        var actual = result.Text.Split("\n\n")[0].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(static l => l != "No matches found")
            .Select(static l => (Path: l[..l.LastIndexOf(':')], Count: int.Parse(l[(l.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture)))
            .ToDictionary(static p => p.Path, static p => p.Count, StringComparer.Ordinal);
        actual.Count.ShouldBe(expected.Count);
        foreach (var (path, count) in expected)
        {
            actual.ShouldContainKey(path);
            actual[path].ShouldBe(count, $"{path} for {pattern}");
        }
    }

    [Fact]
    public async Task Files_mode_lists_every_matching_file_and_no_other()
    {
        var expected = Reference("needle_22", ignoreCase: false).Keys.Order(StringComparer.Ordinal).ToList();
        var result = await _h.RunAsync(new GrepTool(), new JsonObject { ["pattern"] = "needle_22", ["head_limit"] = 0 });
        var listed = result.Text.Split('\n').Skip(1).Order(StringComparer.Ordinal).ToList();
        result.Text.ShouldStartWith($"Found {expected.Count} files");
        listed.ShouldBe(expected);
    }

    [Theory]
    [InlineData("TODO", false)]
    [InlineData(@"\w+_\d+", false)]
    [InlineData("return", true)]
    public async Task Unlimited_content_mode_prints_every_matching_line_of_every_file_in_path_order(string pattern, bool ignoreCase)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
        var expected = new List<string>();
        foreach (var (path, text) in _contents.OrderBy(static c => c.Key, StringComparer.Ordinal))
        {
            var lines = text.Split('\n');
            for (var i = 0; i < (text.EndsWith('\n') ? lines.Length - 1 : lines.Length); i++)
            {
                if (regex.IsMatch(lines[i]))
                {
                    expected.Add($"{path}:{i + 1}:{lines[i].TrimEnd('\r')}");
                }
            }
        }

        var result = await _h.RunAsync(new GrepTool(), new JsonObject { ["pattern"] = pattern, ["-i"] = ignoreCase, ["output_mode"] = "content", ["head_limit"] = 0 });

        expected.Count.ShouldBeGreaterThan(100);
        result.Text.ShouldBe(string.Join('\n', expected));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 0)]
    [InlineData(1, 7)]
    public async Task Unlimited_content_built_while_searching_equals_content_read_back_page_by_page(int context, int offset)
    {
        // head_limit 0 builds every file's lines in the search pass; a finite limit reads the files again in path order.
        JsonObject Input(int limit) => new()
        {
            ["pattern"] = @"needle_\d+", ["output_mode"] = "content", ["-C"] = context, ["offset"] = offset, ["head_limit"] = limit,
        };
        var unlimited = (await _h.RunAsync(new GrepTool(), Input(0))).Text;
        var paged = (await _h.RunAsync(new GrepTool(), Input(1_000_000))).Text;
        unlimited.ShouldBe(paged);

        var lines = unlimited.Split('\n');
        lines.Length.ShouldBeGreaterThan(100);
        var page = (await _h.RunAsync(new GrepTool(), Input(37))).Text;
        page.ShouldStartWith(string.Join('\n', lines.Take(37)) + $"\n\n(results truncated at head_limit=37; use offset={offset + 37} to see more)");
    }

    [Fact]
    public async Task Glob_finds_exactly_the_matching_files_of_the_tree()
    {
        var result = await _h.RunAsync(new GlobTool(), new JsonObject { ["pattern"] = "**/s5/*.cs" });
        var expected = _contents.Keys.Where(static p => p.Contains("/s5/", StringComparison.Ordinal) && p.EndsWith(".cs", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        expected.Count.ShouldBeInRange(20, 99);
        var listed = result.Text.Split('\n').Select(l => Path.GetRelativePath(_h.Root, l).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        listed.ShouldBe(expected);
    }

    private Dictionary<string, int> Reference(string pattern, bool ignoreCase)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (path, text) in _contents)
        {
            var lines = text.Split('\n');
            var n = lines.Take(text.EndsWith('\n') ? lines.Length - 1 : lines.Length).Count(line => regex.IsMatch(line));
            if (n > 0)
            {
                counts[path] = n;
            }
        }

        return counts;
    }

    /// <summary>The generated tree, written once for all the tests in this class.</summary>
    public sealed class Tree : IDisposable
    {
        private const int Files = 2000;
        private static readonly string[] Words = ["return", "value", "Return", "token", "needle_1", "needle_22", "x_9", "TODO", "todo", "café", "parse(", "a.b"];

        public Tree()
        {
            var random = new Random(14);
            for (var i = 0; i < Files; i++)
            {
                var text = new StringBuilder();
                var lines = random.Next(0, 30);
                for (var l = 0; l < lines; l++)
                {
                    var words = random.Next(0, 6);
                    for (var w = 0; w < words; w++)
                    {
                        text.Append(Words[random.Next(Words.Length)]).Append(random.Next(3) == 0 ? "" : " ");
                    }

                    // Mixed line endings, and sometimes no final newline.
                    if (l < lines - 1 || random.Next(2) == 0)
                    {
                        text.Append(random.Next(5) == 0 ? "\r\n" : "\n");
                    }
                }

                var relative = $"d{i % 7}/s{i % 13}/f{i}.{(i % 3 == 0 ? "cs" : "txt")}";
                Harness.Write(relative, text.ToString());
                Contents[relative] = text.ToString();
            }
        }

        public ToolHarness Harness { get; } = new();

        public IDictionary<string, string> Contents { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public void Dispose() => Harness.Dispose();
    }
}
