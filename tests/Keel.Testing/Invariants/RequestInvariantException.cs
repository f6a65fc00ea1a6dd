namespace Keel.Testing.Invariants;

public sealed class RequestInvariantException(IReadOnlyList<InvariantViolation> violations)
    : Exception($"{violations.Count} request invariant violation(s):{Environment.NewLine}" + string.Join(Environment.NewLine, violations))
{
    public IReadOnlyList<InvariantViolation> Violations { get; } = violations;
}
