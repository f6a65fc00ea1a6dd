using System.Text.Json.Nodes;

namespace Keel.Testing.Invariants;

/// <summary>Rules that one request must satisfy on its own.</summary>
internal static class RequestShapeChecks
{
    public const int MaxCacheBreakpoints = 4;

    public static void Run(ParsedRequest request, List<InvariantViolation> violations)
    {
        var number = request.Request.Number;
        CheckRoles(request.Messages, number, violations);
        CheckToolPairing(request.Messages, number, violations);
        var breakpoints = CountCacheControl(request.Root);
        if (breakpoints > MaxCacheBreakpoints)
        {
            violations.Add(new(number, InvariantRules.CacheBreakpoints, $"{breakpoints} cache_control markers (at most {MaxCacheBreakpoints} allowed)"));
        }
    }

    private static void CheckRoles(JsonArray messages, int number, List<InvariantViolation> violations)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var role = ParsedRequest.Role(messages[i]);
            var expected = i % 2 == 0 ? "user" : "assistant";
            if (role != expected)
            {
                violations.Add(new(number, InvariantRules.Roles, $"messages[{i}] has role '{role}', expected '{expected}' (roles must alternate starting with user)"));
                return;
            }
        }
    }

    private static void CheckToolPairing(JsonArray messages, int number, List<InvariantViolation> violations)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i++)
        {
            var role = ParsedRequest.Role(messages[i]);
            if (role == "assistant")
            {
                var uses = Ids(messages[i], "tool_use", "id");
                foreach (var id in uses)
                {
                    if (!seen.Add(id))
                    {
                        violations.Add(new(number, InvariantRules.ToolPairing, $"tool_use id {id} appears more than once"));
                    }
                }

                var results = i + 1 < messages.Count && ParsedRequest.Role(messages[i + 1]) == "user"
                    ? Ids(messages[i + 1], "tool_result", "tool_use_id")
                    : [];
                foreach (var id in uses)
                {
                    var answers = results.FindAll(r => r == id).Count;
                    if (answers != 1)
                    {
                        violations.Add(new(number, InvariantRules.ToolPairing, answers == 0
                            ? $"tool_use {id} in messages[{i}] has no tool_result in messages[{i + 1}]"
                            : $"tool_use {id} in messages[{i}] is answered {answers} times in messages[{i + 1}]"));
                    }
                }
            }
            else if (role == "user")
            {
                var previous = i > 0 && ParsedRequest.Role(messages[i - 1]) == "assistant" ? Ids(messages[i - 1], "tool_use", "id") : [];
                foreach (var id in Ids(messages[i], "tool_result", "tool_use_id"))
                {
                    if (!previous.Contains(id))
                    {
                        violations.Add(new(number, InvariantRules.ToolPairing, $"tool_result for {id} in messages[{i}] has no tool_use in messages[{i - 1}]"));
                    }
                }
            }
        }
    }

    private static List<string> Ids(JsonNode? message, string blockType, string idField)
    {
        var ids = new List<string>();
        foreach (var block in ParsedRequest.Blocks(message))
        {
            if (ParsedRequest.Str(block["type"]) == blockType)
            {
                ids.Add(ParsedRequest.Str(block[idField]) ?? "(missing id)");
            }
        }

        return ids;
    }

    private static int CountCacheControl(JsonNode? node)
    {
        var count = 0;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    if (name == "cache_control" && child is not null)
                    {
                        count++;
                    }
                    else
                    {
                        count += CountCacheControl(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    count += CountCacheControl(child);
                }

                break;
        }

        return count;
    }
}
