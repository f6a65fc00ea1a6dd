using System.Web;
using Keel.Testing.FakeServer;
using Keel.Testing.Mcp;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Mcp;

/// <summary>
/// OAuth for remote MCP servers against a real loopback authorization server and protected MCP server
/// (Keel.Testing's FakeOAuthMcpServer). The test plays the browser: it GETs the URL `keel mcp login` prints and
/// follows the redirect to keel's loopback listener.
/// </summary>
public sealed class McpOAuthTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    // No browser opens during tests: $BROWSER is a command that does nothing.
    private static readonly Dictionary<string, string?> NoBrowser = new() { ["BROWSER"] = "/bin/true" };

    [Fact]
    public async Task Login_stores_a_private_token_file_sessions_send_the_bearer_token_and_an_expired_one_is_refreshed()
    {
        await using var s = await Scenario.StartAsync();
        await using var remote = await FakeOAuthMcpServer.StartAsync();
        (await s.RunAsync(["mcp", "add", "-s", "user", "-t", "http", "remote", remote.McpUrl], timeout: Timeout)).ExitCode.ShouldBe(0);
        string[] session = ["-p", "who am i", "--allowedTools", "mcp__remote"];

        // Headless, not signed in: a clear message instead of waiting on a browser; the session goes on.
        s.Script(Turn.Text("no tools"));
        var before = await s.RunAsync(session, NoBrowser, timeout: Timeout);
        before.ExitCode.ShouldBe(0, before.ToString());
        before.Stderr.ShouldContain("MCP server \"remote\" needs authentication: run `keel mcp login remote`");
        s.Server.MessageRequests[0].ToolNames.ShouldNotContain("mcp__remote__whoami");
        (await s.RunAsync(["mcp", "list"], timeout: Timeout)).Stdout.ShouldContain("remote: " + remote.McpUrl + " (http) (user) - ✗ needs authentication");
        remote.Registrations.ShouldBe(0, "a server nobody signed in to gets no client registered on every start");

        var login = await LoginAsync(s, remote, forgeState: false);
        login.ExitCode.ShouldBe(0, login.ToString());
        login.Stdout.ShouldContain("Authenticated with MCP server \"remote\" (1 tools)");
        remote.Grants.ShouldBe(["authorization_code"]);

        var file = Directory.GetFiles(Path.Combine(s.Workspace.ConfigDir, "mcp-auth")).Single();
        File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var firstToken = AccessToken(file);
        login.Stdout.ShouldContain(file);

        s.Script(Turn.ToolUse("mcp__remote__whoami", "{}"), Turn.Text("done"));
        var signedIn = await s.RunAsync(session, NoBrowser, timeout: Timeout);
        signedIn.ExitCode.ShouldBe(0, signedIn.ToString());
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[^1]).Single()).ShouldBe($"called with {firstToken}");
        (await s.RunAsync(["mcp", "list"], timeout: Timeout)).Stdout.ShouldContain("✓ connected, authenticated");

        // The access token stops working: the stored refresh token gets a new one, which is stored in turn.
        remote.ExpireAccessTokens();
        s.Script(Turn.ToolUse("mcp__remote__whoami", "{}"), Turn.Text("done"));
        var refreshed = await s.RunAsync(session, NoBrowser, timeout: Timeout);
        refreshed.ExitCode.ShouldBe(0, refreshed.ToString());
        var secondToken = AccessToken(file);
        secondToken.ShouldNotBe(firstToken);
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[^1]).Single()).ShouldBe($"called with {secondToken}");
        remote.Grants.ShouldBe(["authorization_code", "refresh_token"]);
        File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // Nothing of it is written into the project.
        foreach (var path in Directory.GetFiles(s.Workspace.Path, "*", SearchOption.AllDirectories).Where(static p => !p.Contains("/.git/", StringComparison.Ordinal)))
        {
            File.ReadAllText(path).ShouldNotContain("refresh-", customMessage: path);
        }

        var logout = await s.RunAsync(["mcp", "logout", "remote"], timeout: Timeout);
        logout.Stdout.ShouldContain("Removed the stored tokens of MCP server \"remote\"");
        File.Exists(file).ShouldBeFalse();
        (await s.RunAsync(["mcp", "list"], timeout: Timeout)).Stdout.ShouldContain("✗ needs authentication");
    }

    [Fact]
    public async Task A_redirect_whose_state_does_not_match_is_refused_and_nothing_is_stored()
    {
        await using var s = await Scenario.StartAsync();
        await using var remote = await FakeOAuthMcpServer.StartAsync();
        (await s.RunAsync(["mcp", "add", "-s", "user", "-t", "http", "remote", remote.McpUrl], timeout: Timeout)).ExitCode.ShouldBe(0);

        var login = await LoginAsync(s, remote, forgeState: true);

        login.ExitCode.ShouldBe(1, login.ToString());
        login.Stderr.ShouldContain("state does not match");
        remote.Grants.ShouldBeEmpty("no code is exchanged after a forged redirect");
        var folder = Path.Combine(s.Workspace.ConfigDir, "mcp-auth");
        (Directory.Exists(folder) ? Directory.GetFiles(folder) : []).ShouldBeEmpty();
    }

    /// <summary>Runs `keel mcp login remote` and plays the browser: the printed URL, then the redirect to keel.</summary>
    private static async Task<KeelResult> LoginAsync(Scenario s, FakeOAuthMcpServer remote, bool forgeState)
    {
        await using var keel = s.Keel.Start(["mcp", "login", "remote"], NoBrowser);
        await keel.WaitForOutputAsync("Waiting for the browser", Timeout);
        var url = keel.Stdout.Split('\n').Select(static l => l.Trim()).Single(l => l.StartsWith(remote.BaseUrl + "/authorize?", StringComparison.Ordinal));
        HttpUtility.ParseQueryString(new Uri(url).Query)["code_challenge_method"].ShouldBe("S256");

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var authorize = await browser.GetAsync(url);
        ((int)authorize.StatusCode).ShouldBe(302);
        var callback = authorize.Headers.Location!.AbsoluteUri;
        callback.ShouldStartWith("http://127.0.0.1:");
        if (forgeState)
        {
            callback = callback[..callback.IndexOf("&state=", StringComparison.Ordinal)] + "&state=forged";
        }

        using var landing = await browser.GetAsync(callback);
        ((int)landing.StatusCode).ShouldBe(forgeState ? 400 : 200);
        return await keel.WaitForExitAsync(Timeout);
    }

    private static string AccessToken(string file) =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!["access_token"]!.GetValue<string>();
}
