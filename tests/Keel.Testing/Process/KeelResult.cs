namespace Keel.Testing.Process;

/// <summary>How a keel run ended.</summary>
public sealed record KeelResult(int ExitCode, string Stdout, string Stderr, TimeSpan Duration)
{
    public override string ToString() => $"exit {ExitCode} after {Duration.TotalMilliseconds:F0} ms\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
