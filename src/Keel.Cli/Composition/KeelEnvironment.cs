namespace Keel.Cli.Composition;

/// <summary>The process's surroundings, injectable for tests: environment, cwd, clock.</summary>
public sealed record KeelEnvironment(Func<string, string?> GetEnv, string WorkingDirectory, TimeProvider Time)
{
    /// <summary>True for the real process: the settings' <c>env</c> is also exported to every child process.</summary>
    public bool IsProcess { get; init; }

    public static KeelEnvironment FromProcess() => new(Environment.GetEnvironmentVariable, Environment.CurrentDirectory, TimeProvider.System) { IsProcess = true };

    /// <summary>
    /// Applies the settings' <c>env</c> the way Claude Code does: its variables win over the inherited
    /// environment for Keel's own lookups (<c>ANTHROPIC_MODEL</c>, <c>ANTHROPIC_BASE_URL</c>, ...) and, in the
    /// real process, are exported so Bash, hooks, MCP servers and the status line command see them.
    /// </summary>
    public KeelEnvironment WithSettingsEnv(IReadOnlyDictionary<string, string> variables)
    {
        if (variables.Count == 0)
        {
            return this;
        }

        if (IsProcess)
        {
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        var inherited = GetEnv;
        return this with { GetEnv = name => variables.TryGetValue(name, out var value) ? value : inherited(name) };
    }
}
