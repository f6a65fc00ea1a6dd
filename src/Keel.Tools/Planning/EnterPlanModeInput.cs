namespace Keel.Tools.Planning;

/// <summary>Input of EnterPlanMode: none.</summary>
public sealed record EnterPlanModeInput;
