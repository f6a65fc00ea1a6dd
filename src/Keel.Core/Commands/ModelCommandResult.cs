namespace Keel.Core.Commands;

/// <summary><c>/model name</c>: later turns use <paramref name="Model"/> (already resolved from an alias).</summary>
public sealed record ModelCommandResult(string Model) : SlashCommandResult;
