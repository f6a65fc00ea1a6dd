using System.Text.Json.Nodes;
using Keel.Tests.Tools.Files;
using Keel.Tools.Search;

namespace Keel.Tests.Tools.Search;

public sealed class GlobToolTests : IDisposable
{
    private readonly ToolHarness _h = new();
    private readonly GlobTool _glob = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Returns_absolute_paths_newest_first()
    {
        var old = _h.Write("src/old.cs", "a");
        var mid = _h.Write("src/deep/mid.cs", "a");
        var recent = _h.Write("recent.cs", "a");
        _h.Write("notes.txt", "a");
        var now = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(old, now.AddHours(-3));
        File.SetLastWriteTimeUtc(mid, now.AddHours(-2));
        File.SetLastWriteTimeUtc(recent, now.AddHours(-1));

        var result = await _h.RunAsync(_glob, new JsonObject { ["pattern"] = "**/*.cs" });
        result.IsError.ShouldBeFalse();
        result.Text.Split('\n').ShouldBe([recent, mid, old]);
    }

    [Fact]
    public async Task Star_stays_in_one_directory_and_braces_expand()
    {
        _h.Write("a.ts", "a");
        _h.Write("b.tsx", "a");
        _h.Write("c.js", "a");
        _h.Write("sub/d.ts", "a");
        var result = await _h.RunAsync(_glob, new JsonObject { ["pattern"] = "*.{ts,tsx}" });
        result.Text.Split('\n').Order(StringComparer.Ordinal).ShouldBe([_h.PathOf("a.ts"), _h.PathOf("b.tsx")]);
    }

    [Fact]
    public async Task Path_narrows_the_search_and_patterns_can_have_directories()
    {
        _h.Write("src/x/test_one.py", "a");
        _h.Write("src/test_two.py", "a");
        _h.Write("other/test_three.py", "a");
        var result = await _h.RunAsync(_glob, new JsonObject { ["pattern"] = "src/**/test_*.py" });
        result.Text.Split('\n').Order(StringComparer.Ordinal).ShouldBe([_h.PathOf("src/test_two.py"), _h.PathOf("src/x/test_one.py")]);
        var inOther = await _h.RunAsync(_glob, new JsonObject { ["pattern"] = "*.py", ["path"] = _h.PathOf("other") });
        inOther.Text.ShouldBe(_h.PathOf("other/test_three.py"));
    }

    [Fact]
    public async Task Respects_gitignore_and_skips_dot_git_but_not_dotfiles()
    {
        Directory.CreateDirectory(_h.PathOf(".git"));
        _h.Write(".git/config", "x");
        _h.Write(".gitignore", "build/\n*.log\n");
        _h.Write("build/out.txt", "x");
        _h.Write("app.log", "x");
        _h.Write(".env", "x");
        _h.Write("keep.txt", "x");
        var result = await _h.RunAsync(_glob, new JsonObject { ["pattern"] = "**/*" });
        result.Text.Split('\n').Order(StringComparer.Ordinal).ShouldBe([_h.PathOf(".env"), _h.PathOf(".gitignore"), _h.PathOf("keep.txt")]);
    }

    [Fact]
    public async Task Caps_results_at_100_with_a_note()
    {
        for (var i = 0; i < 130; i++)
        {
            _h.Write($"f{i:D3}.txt", "x");
        }

        var result = await _h.RunAsync(_glob, new JsonObject { ["pattern"] = "*.txt" });
        var lines = result.Text.Split('\n');
        lines.Count(l => l.StartsWith('/')).ShouldBe(100);
        result.Text.ShouldContain("(results truncated: 30 more; narrow the pattern)");
        result.Details!["truncated"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task No_match_says_so()
    {
        var result = await _h.RunAsync(_glob, new JsonObject { ["pattern"] = "**/*.nothing" });
        result.IsError.ShouldBeFalse();
        result.Text.ShouldBe("No files found");
    }
}
