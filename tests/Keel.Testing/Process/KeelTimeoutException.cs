namespace Keel.Testing.Process;

/// <summary>keel did not exit in time; its process tree was killed. The message holds its output.</summary>
public sealed class KeelTimeoutException(TimeSpan timeout, string stdout, string stderr)
    : TimeoutException($"keel did not exit within {timeout.TotalSeconds:F1} s and was killed.\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}")
{
    public string Stdout { get; } = stdout;

    public string Stderr { get; } = stderr;
}
