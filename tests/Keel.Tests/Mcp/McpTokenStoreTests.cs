using Keel.Mcp.Auth;
using Keel.Mcp.Config;

namespace Keel.Tests.Mcp;

public sealed class McpTokenStoreTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("keel-tokens-");

    private static McpServerConfig Remote(string name, string url) =>
        new(name, "http", null, [], new Dictionary<string, string>(StringComparer.Ordinal), null, url, new Dictionary<string, string>(StringComparer.Ordinal), "user", "test");

    [Fact]
    public void Tokens_are_kept_private_per_server_and_url_and_removed_on_logout()
    {
        var store = new McpTokenStore(Path.Combine(_root.FullName, "mcp-auth"));
        var server = Remote("docs", "https://mcp.example.com/mcp");
        store.Read(server).ShouldBeNull();

        store.Write(server, new McpStoredTokens { ServerUrl = server.Url!, AccessToken = "a1", RefreshToken = "r1", ObtainedAt = DateTimeOffset.UnixEpoch, ClientId = "c1" });

        var path = store.PathFor(server);
        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        new DirectoryInfo(store.Directory).UnixFileMode.ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        store.Read(server).ShouldNotBeNull().RefreshToken.ShouldBe("r1");
        store.Read(Remote("docs", "https://elsewhere.example.com/mcp")).ShouldBeNull("a server pointed elsewhere does not get these tokens");
        store.Read(Remote("other", server.Url!)).ShouldBeNull();

        File.WriteAllText(path, "{ not json");
        store.Read(server).ShouldBeNull("a broken file means signing in again, not a crash");

        store.Delete(server).ShouldBeTrue();
        store.Delete(server).ShouldBeFalse();
        File.Exists(path).ShouldBeFalse();
    }

    public void Dispose() => _root.Delete(recursive: true);
}
