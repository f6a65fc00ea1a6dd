namespace Keel.Core.Commands;

/// <summary>
/// Something only the surface can do (<c>compact</c>, <c>clear</c>, <c>exit</c>, <c>resume</c>, <c>model</c>, ...):
/// <see cref="Action"/> names it and <see cref="Argument"/> carries the rest of the line.
/// </summary>
public sealed record SurfaceActionResult(string Action, string? Argument = null) : SlashCommandResult;
