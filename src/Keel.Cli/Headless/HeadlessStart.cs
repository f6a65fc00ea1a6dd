using Keel.Core.Sessions;

namespace Keel.Cli.Headless;

/// <summary>
/// What a <c>-p</c> run does: submit <see cref="Operation"/>, only show <see cref="Shown"/> (a command's text),
/// or run <see cref="Loop"/>'s prompt on its interval until Ctrl+C.
/// </summary>
public sealed record HeadlessStart(SessionOperation? Operation, TurnFinished? Shown)
{
    public Keel.Core.Commands.LoopCommandResult? Loop { get; init; }
}
