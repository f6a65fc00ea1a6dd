namespace Keel.Testing.Invariants;

/// <summary>One broken rule in one captured request.</summary>
public sealed record InvariantViolation(int RequestNumber, string Rule, string Detail)
{
    public override string ToString() => $"request #{RequestNumber} [{Rule}] {Detail}";
}
