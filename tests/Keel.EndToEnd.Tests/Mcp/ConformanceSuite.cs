using System.Text.Json.Nodes;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Mcp;

/// <summary>
/// The official MCP conformance suite (@modelcontextprotocol/conformance, pinned in tests/fixtures/mcp-conformance;
/// test.sh runs npm ci there). It runs one scenario at a time and writes its verdicts to checks.json.
/// </summary>
internal static class ConformanceSuite
{
    public static string Directory { get; } = Path.Combine(Path.GetDirectoryName(McpFixtures.Directory)!, "mcp-conformance");

    public static string Cli => Path.Combine(Directory, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");

    public static string Relay => Path.Combine(Directory, "stdio-relay.mjs");

    /// <summary>A script the suite runs as "the client": keel in print mode with the suite's server (its URL comes last) as "conformance", its tools allowed.</summary>
    public static string WriteClientScript(Scenario s, string extraArgs = "")
    {
        var path = Path.Combine(s.Workspace.Home, "keel-client.sh");
        File.WriteAllText(path, $$$$"""
            #!/bin/sh
            exec '{{{{KeelRunner.LocateBinary()}}}}' -p 'use the conformance server' --allowedTools mcp__conformance {{{{extraArgs}}}} --mcp-config "{\"mcpServers\":{\"conformance\":{\"type\":\"http\",\"url\":\"$1\"}}}" < /dev/null

            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Runs the suite's client <paramref name="scenario"/> with the script as the client; keel's env points at the scenario's fake model server.</summary>
    public static async Task<Verdict> RunClientAsync(Scenario s, string scenario, string script, IReadOnlyDictionary<string, string?>? env = null)
    {
        var output = Path.Combine(s.Workspace.Home, "conformance-" + scenario.Replace('/', '-'));
        var runner = new KeelRunner(s.Server.BaseUrl, s.Workspace, binary: "node");
        var result = await runner.RunAsync([Cli, "client", "--command", script, "--scenario", scenario, "--timeout", "60000", "-o", output], env: env, timeout: TimeSpan.FromSeconds(90));
        return Verdict.Read(output, result);
    }

    /// <summary>Runs the suite's server <paramref name="scenario"/> against <paramref name="url"/>.</summary>
    public static async Task<Verdict> RunServerAsync(Scenario s, string scenario, string url)
    {
        var output = Path.Combine(s.Workspace.Home, "conformance-server-" + scenario);
        var runner = new KeelRunner(s.Server.BaseUrl, s.Workspace, binary: "node");
        var result = await runner.RunAsync([Cli, "server", "--url", url, "--scenario", scenario, "-o", output], timeout: TimeSpan.FromSeconds(60));
        return Verdict.Read(output, result);
    }

    /// <summary>The checks one scenario recorded: id → status (SUCCESS, FAILURE, WARNING, INFO), with the suite's own output for messages.</summary>
    internal sealed record Verdict(IReadOnlyList<(string Id, string Status, string? Error, string Details)> Checks, string Log)
    {
        public static Verdict Read(string output, KeelResult result)
        {
            var file = System.IO.Directory.Exists(output) ? System.IO.Directory.GetFiles(output, "checks.json", SearchOption.AllDirectories).SingleOrDefault() : null;
            file.ShouldNotBeNull($"the suite wrote no checks.json: {result}");
            var checks = JsonNode.Parse(File.ReadAllText(file))!.AsArray()
                .Select(static c => ((string)c!["id"]!, (string)c["status"]!, (string?)c["errorMessage"], c["details"]?.ToJsonString() ?? string.Empty))
                .ToList();
            // Client scenarios also keep what the client (keel) printed: the first place to look when a check fails.
            var client = string.Concat(new[] { "stdout.txt", "stderr.txt" }
                .Select(name => Path.Combine(Path.GetDirectoryName(file)!, name))
                .Where(File.Exists)
                .Select(static path => $"\n--- client {Path.GetFileName(path)} ---\n{File.ReadAllText(path)}"));
            return new Verdict(checks, result + client);
        }

        public IEnumerable<string> Failures => Checks.Where(static c => c.Status == "FAILURE").Select(static c => $"{c.Id}: {c.Error}");

        /// <summary>No check failed, and each named check ran and succeeded.</summary>
        public void ShouldPass(params string[] required)
        {
            Failures.ShouldBeEmpty(Log);
            foreach (var id in required)
            {
                Checks.Where(c => c.Id == id).Select(static c => c.Status).ShouldContain("SUCCESS", $"check {id} did not succeed: {Log}");
            }
        }
    }
}
