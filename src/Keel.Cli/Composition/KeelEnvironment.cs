namespace Keel.Cli.Composition;

/// <summary>The process's surroundings, injectable for tests: environment, cwd, clock.</summary>
public sealed record KeelEnvironment(Func<string, string?> GetEnv, string WorkingDirectory, TimeProvider Time)
{
    public static KeelEnvironment FromProcess() => new(Environment.GetEnvironmentVariable, Environment.CurrentDirectory, TimeProvider.System);
}
