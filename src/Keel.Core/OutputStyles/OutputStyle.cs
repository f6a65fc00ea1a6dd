namespace Keel.Core.OutputStyles;

/// <summary>
/// How Keel writes its answers. <see cref="Instructions"/> go into the system prompt (null for the
/// default style, which adds nothing); unless <see cref="KeepCodingInstructions"/> is set, they take
/// precedence over the built-in guidance where the two disagree.
/// </summary>
public sealed record OutputStyle(string Name, string Description, string? Instructions, bool KeepCodingInstructions, string Source, string? Path = null);
