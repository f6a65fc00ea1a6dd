using Keel.Core.Text;

namespace Keel.Tools.Files;

/// <summary>Finds a file the model probably meant when the path it gave does not exist.</summary>
internal static class SimilarFiles
{
    public static string? Suggest(string missingPath)
    {
        var directory = Path.GetDirectoryName(missingPath);
        if (directory is null || !Directory.Exists(directory))
        {
            return null;
        }

        var name = Path.GetFileName(missingPath);
        var stem = Path.GetFileNameWithoutExtension(name);
        string? best = null;
        var bestScore = int.MaxValue;
        try
        {
            foreach (var candidate in Directory.EnumerateFileSystemEntries(directory))
            {
                var candidateName = Path.GetFileName(candidate);
                var score = Score(name, stem, candidateName);
                if (score < bestScore)
                {
                    bestScore = score;
                    best = candidate;
                }
            }
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        return bestScore <= 2 ? best : null;
    }

    private static int Score(string name, string stem, string candidate)
    {
        if (string.Equals(name, candidate, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        if (stem.Length > 0 && string.Equals(stem, Path.GetFileNameWithoutExtension(candidate), StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }

        return Math.Abs(name.Length - candidate.Length) > 2 ? int.MaxValue : EditDistance.Between(name, candidate);
    }
}
