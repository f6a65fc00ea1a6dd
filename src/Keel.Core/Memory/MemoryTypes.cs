namespace Keel.Core.Memory;

/// <summary>The four kinds of memory a topic file declares in its <c>type</c> front matter.</summary>
public static class MemoryTypes
{
    /// <summary>Who the developer is: role, expertise, how they like to work.</summary>
    public const string User = "user";

    /// <summary>How to work here: corrections and confirmed approaches.</summary>
    public const string Feedback = "feedback";

    /// <summary>What is going on: goals, decisions, deadlines not visible in the code.</summary>
    public const string Project = "project";

    /// <summary>Where to look: external systems, documents, dashboards.</summary>
    public const string Reference = "reference";

    public static IReadOnlyList<string> All { get; } = [User, Feedback, Project, Reference];

    /// <summary>The known type named by <paramref name="text"/> (any case), or null.</summary>
    public static string? Parse(string? text)
    {
        var trimmed = text?.Trim().ToLowerInvariant();
        return trimmed is not null && All.Contains(trimmed) ? trimmed : null;
    }
}
