using Keel.Core.Sessions;

namespace Keel.Cli.Headless;

/// <summary>What a <c>-p</c> run does: submit <see cref="Operation"/>, or only show <see cref="Shown"/> (a command's text).</summary>
public sealed record HeadlessStart(SessionOperation? Operation, TurnFinished? Shown);
