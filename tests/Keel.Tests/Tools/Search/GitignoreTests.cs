using Keel.Tests.Tools.Files;
using Keel.Tools.Search;

namespace Keel.Tests.Tools.Search;

public sealed class GitignoreTests : IDisposable
{
    private readonly ToolHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData("*.log", "a/b/x.log", false, true)]
    [InlineData("/build", "build", true, true)]
    [InlineData("/build", "src/build", true, false)]
    [InlineData("doc/*.txt", "doc/a.txt", false, true)]
    [InlineData("doc/*.txt", "doc/sub/a.txt", false, false)]
    [InlineData("**/cache", "a/b/cache", true, true)]
    [InlineData("a/**/z", "a/b/c/z", false, true)]
    [InlineData("out/", "out", false, false)]
    [InlineData("out/", "out", true, true)]
    [InlineData("file?.[ch]", "file1.c", false, true)]
    [InlineData("file?.[!ch]", "file1.c", false, false)]
    [InlineData("\\#notes", "#notes", false, true)]
    [InlineData("\\!bang", "!bang", false, true)]
    [InlineData("trail   ", "trail", false, true)]
    public void Rules_match_like_git(string rule, string path, bool isDirectory, bool ignored)
    {
        var file = GitignoreFile.Parse("/repo", rule);
        var name = path[(path.LastIndexOf('/') + 1)..];
        (file.Match(path, name, isDirectory) == true).ShouldBe(ignored);
    }

    [Fact]
    public void Comments_and_blank_lines_are_not_rules()
    {
        GitignoreFile.Parse("/repo", "# comment\n\n   \n").RuleCount.ShouldBe(0);
    }

    [Fact]
    public void Walker_applies_nested_files_negation_parent_files_and_info_exclude()
    {
        Directory.CreateDirectory(_h.PathOf(".git/info"));
        _h.Write(".git/info/exclude", "secret.txt\n");
        _h.Write(".gitignore", "*.tmp\n!keep.tmp\n");
        _h.Write("pkg/.gitignore", "generated/\n/local.txt\n");
        _h.Write("a.tmp", "x");
        _h.Write("keep.tmp", "x");
        _h.Write("secret.txt", "x");
        _h.Write("pkg/generated/g.cs", "x");
        _h.Write("pkg/local.txt", "x");
        _h.Write("pkg/sub/local.txt", "x");
        _h.Write("pkg/b.tmp", "x");
        _h.Write("pkg/code.cs", "x");

        string[] Relative(string root) => [.. new FileWalker(root).Enumerate().Select(e => e.FullPath[(_h.Root.Length + 1)..]).Order(StringComparer.Ordinal)];

        Relative(_h.Root).ShouldBe([".gitignore", "keep.tmp", "pkg/.gitignore", "pkg/code.cs", "pkg/sub/local.txt"]);
        // Walking from a subdirectory still honours the ignore files above it, up to the repository root.
        Relative(_h.PathOf("pkg")).ShouldBe(["pkg/.gitignore", "pkg/code.cs", "pkg/sub/local.txt"]);
    }

    [Fact]
    public async Task Parallel_walk_finds_the_same_files()
    {
        for (var i = 0; i < 20; i++)
        {
            _h.Write($"d{i}/e{i % 3}/f{i}.txt", "x");
        }

        var bag = new System.Collections.Concurrent.ConcurrentBag<string>();
        await new FileWalker(_h.Root).WalkAsync(e => bag.Add(e.FullPath), CancellationToken.None);
        bag.Order(StringComparer.Ordinal).ShouldBe(new FileWalker(_h.Root).Enumerate().Select(e => e.FullPath).Order(StringComparer.Ordinal));
        bag.Count.ShouldBe(20);
    }
}
