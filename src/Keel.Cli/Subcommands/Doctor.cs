using System.Text;
using Keel.Cli.Composition;
using Keel.Core.Settings;
using Keel.Mcp.Client;
using Keel.Mcp.Config;
using Keel.Tools.Shell.Sandbox;

namespace Keel.Cli.Subcommands;

/// <summary>
/// <c>keel doctor</c>: checks what a session needs — settings files, credentials, the model API, MCP servers, the Bash
/// sandbox and the terminal — and says how to fix each problem. Exit 1 when any check failed; warnings (things that
/// only matter for some features) do not fail it.
/// </summary>
internal static class Doctor
{
    private enum Outcome
    {
        Ok,
        Warn,
        Fail,
    }

    private sealed record Check(string Name, Outcome Outcome, string Detail, string? Fix = null);

    public static async Task<int> RunAsync(KeelEnvironment env, TextWriter stdout)
    {
        var at = SettingsLocations.ForProcess(env.GetEnv, env.WorkingDirectory, flagSettings: null);
        var settings = SettingsLoader.Load(at);
        var getEnv = env.WithSettingsEnv(settings.Effective.EnvFor(projectTrusted: true)).GetEnv;
        List<Check> checks = [Settings(settings), Auth(getEnv, settings)];
        checks.Add(await ApiAsync(getEnv, settings, env.Time));
        checks.AddRange(await McpAsync(env, settings, at));
        checks.Add(Sandbox(env.WorkingDirectory, settings));
        checks.Add(Terminal(getEnv));
        checks.Add(KeyBindings(env.GetEnv));

        var text = new StringBuilder($"Keel {KeelVersion.Current} doctor ({env.WorkingDirectory})\n");
        foreach (var check in checks)
        {
            var mark = check.Outcome switch { Outcome.Ok => "ok  ", Outcome.Warn => "warn", _ => "FAIL" };
            text.Append('[').Append(mark).Append("] ").Append(check.Name).Append(": ").Append(check.Detail).Append('\n');
            if (check.Fix is { } fix && check.Outcome != Outcome.Ok)
            {
                text.Append("       fix: ").Append(fix).Append('\n');
            }
        }

        var failed = checks.Count(static c => c.Outcome == Outcome.Fail);
        text.Append(failed == 0 ? "No problems found.\n" : $"{failed} check(s) failed.\n");
        await stdout.WriteAsync(text.ToString());
        return failed == 0 ? 0 : 1;
    }

    private static Check Settings(LoadedSettings settings)
    {
        if (settings.ManagedUnreadable)
        {
            return new Check("settings", Outcome.Fail, "the managed settings file exists but cannot be read", "ask your administrator to make /etc/keel/managed-settings.json readable");
        }

        if (settings.Warnings.Count == 0)
        {
            return new Check("settings", Outcome.Ok, settings.Layers.Count == 0 ? "no settings files (defaults apply)" : $"{settings.Layers.Count} file(s) valid: {string.Join(", ", settings.Layers.Select(static l => l.Path))}");
        }

        return new Check("settings", Outcome.Fail, string.Join("; ", settings.Warnings.Select(static w => w.ToString())), "correct the keys named above (keel config unset <key> removes one)");
    }

    private static Check Auth(Func<string, string?> getEnv, LoadedSettings settings)
    {
        var state = AuthState.Read(getEnv, settings);
        return state.LoggedIn
            ? new Check("auth", Outcome.Ok, $"{state.ApiKeySource} ({state.ApiProvider})")
            : new Check("auth", Outcome.Fail, $"no credentials for {state.ApiProvider}", state.Fix);
    }

    private static async Task<Check> ApiAsync(Func<string, string?> getEnv, LoadedSettings settings, TimeProvider time)
    {
        if (AuthState.Read(getEnv, settings).ApiProvider != "firstParty")
        {
            return new Check("api", Outcome.Ok, "cloud provider (not probed)");
        }

        var probe = await Interactive.DoctorProbe.ProbeAsync(getEnv, time, CancellationToken.None);
        return probe.Contains("NOT reachable", StringComparison.Ordinal)
            ? new Check("api", Outcome.Fail, probe, "check ANTHROPIC_BASE_URL, your network and any proxy (HTTPS_PROXY)")
            : new Check("api", Outcome.Ok, probe);
    }

    private static async Task<IReadOnlyList<Check>> McpAsync(KeelEnvironment env, LoadedSettings settings, SettingsLocations at)
    {
        var files = new McpConfigFiles(at.ProjectDirectory, at.KeelConfigDirectory) { ClaudeUserFile = McpConfigFiles.ClaudeFileIn(at.Home) };
        var loaded = McpConfigLoader.Load(files, settings, [], strict: false, env.WorkingDirectory, env.GetEnv);
        if (loaded.Error is { } error)
        {
            return [new Check("mcp", Outcome.Fail, error, $"fix {files.ProjectFile} or {files.UserFile}")];
        }

        var checks = loaded.Notices.Select(static n => new Check("mcp", Outcome.Warn, n, "approve project servers in an interactive session, or list them in enabledMcpjsonServers")).ToList();
        if (loaded.Servers.Count == 0)
        {
            checks.Insert(0, new Check("mcp", Outcome.Ok, "no MCP servers configured"));
            return checks;
        }

        var scratch = Directory.CreateTempSubdirectory("keel-doctor-");
        try
        {
            await using var hub = McpHub.Start(loaded.Servers, new McpHubOptions(at.ProjectDirectory, scratch.FullName, env.Time).WithEnvironment(env.GetEnv) with
            {
                Auth = new Keel.Mcp.Auth.McpAuth(Keel.Cli.Mcp.McpCommand.TokenStore(Keel.Core.Sessions.KeelPaths.ConfigDirectory(env.GetEnv))),
            });
            await hub.WaitForStartupAsync();
            foreach (var server in hub.Status())
            {
                checks.Add(server.State == McpServerState.Connected
                    ? new Check($"mcp {server.Name}", Outcome.Ok, $"{server.DisplayName}, {server.ToolCount} tool(s) ({server.Target})")
                    : server.State == McpServerState.NeedsAuthentication
                    ? new Check($"mcp {server.Name}", Outcome.Fail, $"needs authentication ({server.Target})", $"sign in: keel mcp login {server.Name}")
                    : new Check($"mcp {server.Name}", Outcome.Fail, $"{server.StateName}: {server.Error ?? "no answer in time"} ({server.Target})", $"run the command by hand to see its error, or remove it: keel mcp remove {server.Name}"));
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }

        return checks;
    }

    private static Check Sandbox(string cwd, LoadedSettings settings)
    {
        var (bwrap, problem) = SandboxCheck.Run(cwd);
        if (bwrap is not null)
        {
            return new Check("sandbox", Outcome.Ok, $"bubblewrap works ({bwrap})");
        }

        // Without the sandbox enabled only --sandbox needs it; with it enabled every Bash call is refused.
        return new Check("sandbox", settings.Sandbox.Enabled == true ? Outcome.Fail : Outcome.Warn, $"bubblewrap unusable: {problem}",
            problem?.Contains("not found", StringComparison.Ordinal) == true
                ? "install bubblewrap (apt install bubblewrap, dnf install bubblewrap)"
                : "allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1), or run outside this container");
    }

    /// <summary>keybindings.json: problems and conflicting bindings warn (the file never stops keel).</summary>
    private static Check KeyBindings(Func<string, string?> getEnv)
    {
        using var file = new Keel.Terminal.Input.KeyBindings.KeyBindingsFile(Path.Combine(Keel.Core.Sessions.KeelPaths.ConfigDirectory(getEnv), "keybindings.json"));
        var issues = file.Problems.Count + file.Current.Conflicts().Count;
        var detail = file.Describe().Replace("Key bindings: ", string.Empty, StringComparison.Ordinal).Replace("\n", "\n       ", StringComparison.Ordinal);
        return new Check("key bindings", issues == 0 ? Outcome.Ok : Outcome.Warn, detail, issues == 0 ? null : "edit the file; docs/input-editing.md lists the contexts and actions");
    }

    private static Check Terminal(Func<string, string?> getEnv)
    {
        var term = getEnv("TERM");
        if (Console.IsOutputRedirected || Console.IsInputRedirected)
        {
            return new Check("terminal", Outcome.Warn, $"not a terminal (TERM={term ?? "unset"}); the interactive session needs one, -p and keel acp do not", "run keel in a terminal for the interactive session");
        }

        return term is null or "dumb"
            ? new Check("terminal", Outcome.Warn, $"TERM={term ?? "unset"}: colours and the live display are limited", "export TERM=xterm-256color (or your terminal's own value)")
            : new Check("terminal", Outcome.Ok, $"TERM={term}, {Console.WindowWidth}x{Console.WindowHeight}");
    }
}
