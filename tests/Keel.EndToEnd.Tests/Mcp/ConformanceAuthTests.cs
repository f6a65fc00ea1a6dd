using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Mcp;

/// <summary>
/// The conformance suite's auth/* client scenarios: the suite's authorization server and protected MCP server, keel
/// as the client. The script adds the server, signs in with `keel mcp login` (a small node "browser" follows the
/// authorization URL to keel's loopback listener) and then runs a print-mode session with the stored tokens.
/// </summary>
public sealed class ConformanceAuthTests
{
    [Fact]
    public async Task Sign_in_runs_discovery_registration_and_the_code_flow_with_PKCE()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("done"));

        var verdict = await ConformanceSuite.RunClientAsync(s, "auth/metadata-default", WriteLoginScript(s));

        verdict.ShouldPass(
            "prm-pathbased-requested",
            "authorization-server-metadata",
            "client-registration",
            "pkce-code-challenge-sent",
            "pkce-s256-method-used",
            "pkce-verifier-matches-challenge",
            "token-request",
            "valid-bearer-token");
    }

    /// <summary>
    /// Other discovery layouts, the 2025-03-26 fallbacks, scope selection and token endpoint client authentication.
    /// Not run: metadata-var2/var3 (the SDK stops when the root metadata names the server's origin as the resource),
    /// scope-step-up (needs a second browser sign-in in the middle of a session), pre-registration and the
    /// client-credentials scenarios (a pre-configured client is not supported yet).
    /// </summary>
    [Theory]
    [InlineData("auth/metadata-var1")]
    [InlineData("auth/2025-03-26-oauth-metadata-backcompat")]
    [InlineData("auth/2025-03-26-oauth-endpoint-fallback")]
    [InlineData("auth/scope-from-www-authenticate")]
    [InlineData("auth/scope-from-scopes-supported")]
    [InlineData("auth/token-endpoint-auth-basic")]
    [InlineData("auth/token-endpoint-auth-post")]
    public async Task Sign_in_passes_the_auth_scenario(string scenario)
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("done"));

        var verdict = await ConformanceSuite.RunClientAsync(s, scenario, WriteLoginScript(s));

        verdict.ShouldPass("valid-bearer-token");
    }

    [Fact]
    public async Task A_resource_metadata_naming_another_server_stops_the_sign_in()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("done"));

        var verdict = await ConformanceSuite.RunClientAsync(s, "auth/resource-mismatch", WriteLoginScript(s));

        verdict.ShouldPass("resource-mismatch-rejected");
    }

    private static string WriteLoginScript(Scenario s)
    {
        var browser = Path.Combine(s.Workspace.Home, "browser.sh");
        File.WriteAllText(browser, """
            #!/bin/sh
            exec node -e 'fetch(process.argv[1]).then((r) => r.text()).catch(() => {})' "$1"

            """.ReplaceLineEndings("\n"));
        var path = Path.Combine(s.Workspace.Home, "keel-login.sh");
        File.WriteAllText(path, $$$"""
            #!/bin/sh
            set -e
            keel='{{{KeelRunner.LocateBinary()}}}'
            "$keel" mcp add -s user -t http conformance "$1" > /dev/null
            BROWSER='{{{browser}}}' "$keel" mcp login conformance < /dev/null
            exec "$keel" -p 'use the conformance server' --allowedTools mcp__conformance < /dev/null

            """.ReplaceLineEndings("\n"));
        foreach (var file in new[] { browser, path })
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
