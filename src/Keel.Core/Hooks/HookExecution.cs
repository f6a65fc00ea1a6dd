namespace Keel.Core.Hooks;

/// <summary>What a handler did, before interpretation.</summary>
/// <param name="ExitCode">The exit code (http: 0 for a 2xx answer); null when it never finished.</param>
/// <param name="Stdout">Its stdout (http: the response body).</param>
/// <param name="Stderr">Its stderr (http: a description of a failed request).</param>
/// <param name="TimedOut">True when it was cancelled for taking too long.</param>
/// <param name="StartError">Why it could not run at all (missing shell, refused connection).</param>
public sealed record HookExecution(int? ExitCode, string Stdout, string Stderr, bool TimedOut = false, string? StartError = null)
{
    public static HookExecution Failed(string why) => new(null, string.Empty, string.Empty, StartError: why);
}
