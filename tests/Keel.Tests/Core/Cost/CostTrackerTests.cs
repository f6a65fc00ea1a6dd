using Keel.Core.Cost;
using Keel.Core.Messages;

namespace Keel.Tests.Core.Cost;

/// <summary>A subagent's tracker adds each request to its session's as it happens.</summary>
public sealed class CostTrackerTests
{
    [Fact]
    public void A_child_tracker_adds_every_request_to_its_parents_at_once()
    {
        var session = new CostTracker();
        var agent = new CostTracker(session);
        var nested = new CostTracker(agent);
        var usage = new Usage(100_000, 2_000, 0, 0);

        session.Add("claude-sonnet-4-5", usage);
        nested.Add("claude-sonnet-4-5", usage);

        var one = CostTracker.CostOf("claude-sonnet-4-5", usage);
        one.ShouldBe(0.33m);
        nested.TotalCostUsd.ShouldBe(one);
        agent.TotalCostUsd.ShouldBe(one);
        session.TotalCostUsd.ShouldBe(2 * one, "the nested agent's request counts for the session while it runs");
        session.ByModel.Single().Requests.ShouldBe(2);
        (nested.Root, agent.Root, session.Root).ShouldBe((session, session, session));
    }
}
