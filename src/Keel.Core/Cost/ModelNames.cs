using Keel.Core.Text;

namespace Keel.Core.Cost;

/// <summary>
/// Whether a name typed at <c>/model</c> is one Keel knows, and the nearest known name when it is not,
/// so a typo ("sonet") is caught before the next request fails with a 404.
/// </summary>
public static class ModelNames
{
    /// <summary>An alias, a listed or configured model (dated variants too), or a <c>provider/model</c> route.</summary>
    public static bool IsKnown(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            return false;
        }

        if (trimmed.Contains('/', StringComparison.Ordinal) || ModelCatalog.Aliases.ContainsKey(trimmed))
        {
            return true;
        }

        return ModelCatalog.All.Any(m => trimmed.Equals(m.Id, StringComparison.OrdinalIgnoreCase)
            || (trimmed.StartsWith(m.Id, StringComparison.OrdinalIgnoreCase) && trimmed[m.Id.Length] is '-' or '[' or '@' or ':'));
    }

    /// <summary>The closest alias or model id, when one is close enough to be the name the user meant.</summary>
    public static string? Suggest(string name)
    {
        var typed = name.Trim().ToLowerInvariant();
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in ModelCatalog.Aliases.Keys.Concat(ModelCatalog.All.Select(static m => m.Id)))
        {
            var distance = EditDistance.Between(typed, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return bestDistance <= Math.Max(2, typed.Length / 3) ? best : null;
    }
}
