namespace Keel.Tools.Planning;

/// <summary>What the model is told about plan mode (written for Keel).</summary>
public static class PlanModeText
{
    /// <summary>Appended to the system prompt when a session starts in plan mode.</summary>
    public const string SessionStartsInPlanMode =
        "# Plan mode\n" +
        "This session is in plan mode. Only read-only tools run: read files, search, run commands that change nothing. " +
        "Do not edit files, write files or run commands that modify anything; such calls are refused. " +
        "Investigate what you need, then call ExitPlanMode with a concrete plan (steps, files to change, how you will verify). " +
        "Implementation starts only after the plan is approved.";

    public const string Entered =
        "Plan mode is on. Only read-only tools run now. Explore the code, then call ExitPlanMode with the plan; do not change anything until it is approved.";
}
