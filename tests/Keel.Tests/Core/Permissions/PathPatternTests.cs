using Keel.Core.Permissions.Paths;

namespace Keel.Tests.Core.Permissions;

public sealed class PathPatternTests
{
    private const string Base = "/repo";
    private const string Home = "/home/u";

    [Theory]
    [InlineData("//etc/passwd", "/etc/passwd", true)]
    [InlineData("//etc/passwd", "/repo/etc/passwd", false)]
    [InlineData("~/.aws/**", "/home/u/.aws/credentials", true)]
    [InlineData("~/.aws/**", "/repo/.aws/credentials", false)]
    [InlineData("/secrets/**", "/repo/secrets/db/key", true)]
    [InlineData("/secrets/**", "/secrets/key", false)]
    [InlineData("./secrets/**", "/repo/secrets/key", true)]
    [InlineData("./secrets", "/repo/secrets/nested/key", true)]
    [InlineData("src/*.cs", "/repo/src/a.cs", true)]
    [InlineData("src/*.cs", "/repo/src/deep/a.cs", false)]
    [InlineData("src/**/*.cs", "/repo/src/deep/er/a.cs", true)]
    [InlineData("src/**/*.cs", "/repo/src/a.cs", true)]
    [InlineData(".env", "/repo/.env", true)]
    [InlineData(".env", "/repo/apps/web/.env", true)]
    [InlineData(".env", "/repo/.envrc", false)]
    [InlineData("*.pem", "/repo/certs/site.pem", true)]
    [InlineData("file?.txt", "/repo/file1.txt", true)]
    [InlineData("file?.txt", "/repo/file10.txt", false)]
    [InlineData("/docs", "/repo/docs2/a", false)]
    [InlineData("./a/../b/**", "/repo/b/c", true)]
    public void Anchors_and_wildcards_match_like_gitignore(string spec, string path, bool expected) =>
        PathPattern.Compile(spec, Base, Home).Matches(path).ShouldBe(expected);
}
