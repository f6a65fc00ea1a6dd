namespace Keel.Core.Commands;

/// <summary>
/// <c>/loop</c>: the surface runs <see cref="NextAsync"/>'s prompt now and again each <see cref="Interval"/> after a run
/// ends, until the user stops it. The prompt is built afresh for every run (1, 2, ...) so commands in it see the
/// current state.
/// </summary>
public sealed record LoopCommandResult(TimeSpan Interval, string IntervalText, Func<int, CancellationToken, ValueTask<PromptCommandResult>> NextAsync) : SlashCommandResult;
