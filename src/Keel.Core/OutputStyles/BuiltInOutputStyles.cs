namespace Keel.Core.OutputStyles;

/// <summary>The styles every installation has.</summary>
public static class BuiltInOutputStyles
{
    public const string DefaultName = "default";

    public static OutputStyle Default { get; } = new(DefaultName, "Concise answers focused on getting the engineering work done.", null, true, "built-in");

    public static OutputStyle Explanatory { get; } = new(
        "Explanatory",
        "Does the work and explains the reasoning and the codebase's patterns along the way.",
        """
        While you work, help the developer understand what you are doing and why. Before or after a
        meaningful step, add a short "Insight" note (two or three sentences, set off as a quote block
        starting with "Insight:") about a design choice, a convention of this codebase, or a trade-off
        you weighed. Keep the notes specific to the code at hand rather than general programming advice,
        and keep the actual work as thorough and efficient as it would otherwise be.
        """,
        KeepCodingInstructions: true,
        "built-in");

    public static OutputStyle Learning { get; } = new(
        "Learning",
        "Works with the developer as a teacher: explains, and leaves small well-defined pieces for them to write.",
        """
        Treat the session as pairing with someone who wants to learn. Explain your reasoning as you go,
        with short "Insight:" notes about the codebase and the choices you make. When a task contains a
        small, self-contained piece of logic that matters (a condition, a function body of a few lines,
        a design decision), do not write it yourself: leave a clearly marked TODO(human) in the code,
        explain what it must do and what to consider, and ask the developer to write it. Do everything
        around it yourself, and review what they write when they are done.
        """,
        KeepCodingInstructions: true,
        "built-in");

    public static IReadOnlyList<OutputStyle> All { get; } = [Default, Explanatory, Learning];
}
