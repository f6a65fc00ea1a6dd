using Keel.Testing.FakeServer;

namespace Keel.Testing.Invariants;

/// <summary>
/// Checks captured <c>/v1/messages</c> requests for what a well-behaved client must keep true:
/// tool_use/tool_result pairing, alternating roles, at most 4 cache breakpoints, thinking blocks
/// returned unchanged, and within a conversation a byte-stable system and tool list and an
/// append-only message history. Other paths are ignored.
/// </summary>
public static class RequestInvariants
{
    public static IReadOnlyList<InvariantViolation> Check(IReadOnlyList<RecordedRequest> requests)
    {
        var violations = new List<InvariantViolation>();
        var conversations = new ConversationChecks();
        foreach (var request in requests)
        {
            if (!request.IsMessagesCall)
            {
                continue;
            }

            var parsed = ParsedRequest.TryParse(request, out var error);
            if (parsed is null)
            {
                violations.Add(new(request.Number, InvariantRules.Json, error!));
                continue;
            }

            RequestShapeChecks.Run(parsed, violations);
            conversations.Run(parsed, violations);
        }

        return violations;
    }

    /// <summary>Throws <see cref="RequestInvariantException"/> listing every violation, if any.</summary>
    public static void AssertAll(IReadOnlyList<RecordedRequest> requests)
    {
        var violations = Check(requests);
        if (violations.Count > 0)
        {
            throw new RequestInvariantException(violations);
        }
    }
}
