using Keel.Core.Cost;

namespace Keel.Core.Agent.Budget;

/// <summary>
/// A request's place in the budget: its check, and its worst-case cost held on the session's tracker until
/// <see cref="Dispose"/> (call it once the request's usage was added). Disposing twice releases once.
/// </summary>
public sealed class SpendingReservation : IDisposable
{
    private readonly CostTracker _cost;
    private readonly decimal _held;
    private int _released;

    internal SpendingReservation(CostTracker cost, SpendingCheck check, decimal held)
    {
        _cost = cost;
        Check = check;
        _held = held;
    }

    public SpendingCheck Check { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0 && _held > 0)
        {
            _cost.Release(_held);
        }
    }
}
