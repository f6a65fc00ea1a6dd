namespace Keel.Core.Hooks;

/// <summary>One handler run, as logged to the transcript and <c>--debug hooks</c>.</summary>
/// <param name="Event">The event.</param>
/// <param name="Matcher">The matcher it was registered under (null: all).</param>
/// <param name="Handler">The command or URL.</param>
/// <param name="Source">The settings layer it came from.</param>
/// <param name="Duration">How long it ran.</param>
/// <param name="ExitCode">Its exit code (null: timed out or never started).</param>
/// <param name="Decision">What Keel made of it: none, block, allow, deny, ask, context, stop, error.</param>
/// <param name="Detail">The reason, message or error, when there is one.</param>
public sealed record HookInvocation(HookEvent Event, string? Matcher, string Handler, string Source, TimeSpan Duration, int? ExitCode, string Decision, string? Detail)
{
    public string Describe()
    {
        var exit = ExitCode is { } code ? $"exit {code}" : "no exit code";
        var detail = string.IsNullOrEmpty(Detail) ? string.Empty : $": {Detail}";
        return $"{Event} [{Matcher ?? "*"}] {Handler} ({Source}) {exit}, {Duration.TotalMilliseconds:0} ms -> {Decision}{detail}";
    }
}
