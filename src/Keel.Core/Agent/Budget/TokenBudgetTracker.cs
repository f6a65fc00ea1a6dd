using System.Globalization;

namespace Keel.Core.Agent.Budget;

/// <summary>
/// Decides whether a turn with a token budget goes on after the model ends its response: it does
/// while less than 90% of the budget is spent, unless the last <see cref="DiminishingRun"/>
/// continuations each produced fewer than <see cref="DiminishingThreshold"/> output tokens.
/// </summary>
public sealed class TokenBudgetTracker(long budget)
{
    public const int DiminishingThreshold = 500;
    public const int DiminishingRun = 3;

    private readonly List<long> _continuationDeltas = [];
    private long _sinceLastCheck;

    public long Budget { get; } = budget;

    /// <summary>Output tokens the turn has produced so far.</summary>
    public long Used { get; private set; }

    public int Continuations => _continuationDeltas.Count;

    public bool DiminishingReturns { get; private set; }

    /// <summary>Counts one response's output tokens.</summary>
    public void Add(long outputTokens)
    {
        Used += outputTokens;
        _sinceLastCheck += outputTokens;
    }

    /// <summary>Called when the model ended its turn; true means nudge it to go on.</summary>
    public bool ShouldContinue()
    {
        // The work done since the previous nudge is what that continuation added.
        if (Continuations > 0)
        {
            _continuationDeltas[^1] = _sinceLastCheck;
        }

        _sinceLastCheck = 0;
        DiminishingReturns = Continuations >= DiminishingRun
            && _continuationDeltas.Skip(Continuations - DiminishingRun).All(static d => d < DiminishingThreshold);
        if (DiminishingReturns || Used * 10 >= Budget * 9)
        {
            return false;
        }

        _continuationDeltas.Add(0);
        return true;
    }

    /// <summary>Our wording for the nudge; says how much is left so the model can pace itself.</summary>
    public string Nudge() => string.Create(
        CultureInfo.InvariantCulture,
        $"You have used {Used:N0} of the {Budget:N0} output tokens budgeted for this task ({Percent()}%). Keep going: carry on with the next useful step instead of wrapping up. Stop only when the work is truly finished.");

    private int Percent() => Budget == 0 ? 100 : (int)Math.Min(100, Used * 100 / Budget);
}
