using System.Diagnostics;
using Keel.Testing.Workspace;

namespace Keel.Testing.Process;

/// <summary>
/// Runs the real keel binary against a fake server inside a <see cref="TempWorkspace"/>: HOME and
/// KEEL_CONFIG_DIR point into the workspace's fake home, ANTHROPIC_BASE_URL at the server,
/// ANTHROPIC_API_KEY is <c>test-key</c>, and any other inherited ANTHROPIC_*, CLAUDE_* or KEEL_*
/// variable is removed unless given in the overrides.
/// </summary>
public sealed class KeelRunner(string baseUrl, TempWorkspace workspace, string? binary = null)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The binary that runs: <c>KEEL_BIN</c>, else <c>$KEEL_INSTALL_DIR/keel</c>, else <c>~/.local/bin/keel</c>.</summary>
    public string Binary { get; } = binary ?? LocateBinary();

    public static string LocateBinary()
    {
        var candidates = new List<string>(3);
        if (Environment.GetEnvironmentVariable("KEEL_BIN") is { Length: > 0 } bin)
        {
            candidates.Add(bin);
        }
        else
        {
            if (Environment.GetEnvironmentVariable("KEEL_INSTALL_DIR") is { Length: > 0 } dir)
            {
                candidates.Add(Path.Combine(dir, "keel"));
            }

            candidates.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "bin", "keel"));
        }

        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new FileNotFoundException(
            $"keel binary not found (looked at {string.Join(", ", candidates)}): run ./install.sh first, or set KEEL_BIN");
    }

    /// <summary>Runs keel to completion. <paramref name="stdin"/> is written then closed (closed at once when null).</summary>
    public async Task<KeelResult> RunAsync(
        IEnumerable<string> args,
        string? stdin = null,
        IReadOnlyDictionary<string, string?>? env = null,
        string? cwd = null,
        TimeSpan? timeout = null)
    {
        await using var process = Start(args, env, cwd);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        return await process.WaitForExitAsync(timeout ?? DefaultTimeout);
    }

    /// <summary>Starts keel and returns at once; the caller owns the handle (stdin stays open).</summary>
    public KeelProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null, string? cwd = null)
    {
        var start = new ProcessStartInfo(Binary) { WorkingDirectory = cwd ?? workspace.Path };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("ANTHROPIC_", StringComparison.Ordinal) || name.StartsWith("KEEL_", StringComparison.Ordinal) || name.StartsWith("CLAUDE_", StringComparison.Ordinal))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["HOME"] = workspace.Home;
        start.Environment["KEEL_CONFIG_DIR"] = workspace.ConfigDir;
        start.Environment["ANTHROPIC_BASE_URL"] = baseUrl;
        start.Environment["ANTHROPIC_API_KEY"] = "test-key";
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in env ?? new Dictionary<string, string?>(StringComparer.Ordinal))
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return new KeelProcess(start);
    }
}
