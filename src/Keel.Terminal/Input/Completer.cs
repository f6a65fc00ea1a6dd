using Keel.Core.Commands;

namespace Keel.Terminal.Input;

/// <summary>
/// Tab completion: <c>/name</c> against the slash-command registry and <c>@path</c> fuzzily against the
/// repository's files (the list comes from <paramref name="files"/>, built on first use: it respects
/// .gitignore and Read deny rules).
/// </summary>
public sealed class Completer(SlashCommandRegistry registry, Func<IReadOnlyList<string>> files)
{
    private const int MaxCandidates = 8;

    private IReadOnlyList<string>? _files;

    public Completion Complete(string text, int cursor)
    {
        var before = text[..cursor];
        if (before.StartsWith('/') && !before.Contains(' ') && !before.Contains('\n'))
        {
            var names = registry.Complete(before[1..]).Select(static c => "/" + c.Name).ToList();
            return Apply(text, 0, cursor, names, " ");
        }

        var wordStart = before.LastIndexOfAny([' ', '\n', '\t']) + 1;
        if (wordStart < before.Length && before[wordStart] == '@')
        {
            var query = before[(wordStart + 1)..];
            var matches = Fuzzy(_files ??= files(), query).Select(static f => "@" + f).ToList();
            return Apply(text, wordStart, cursor, matches, " ");
        }

        return new Completion(null, []);
    }

    /// <summary>Paths ranked by how well <paramref name="query"/> matches as a subsequence (file-name hits and contiguous runs first).</summary>
    public static IEnumerable<string> Fuzzy(IReadOnlyList<string> paths, string query, int take = MaxCandidates)
    {
        if (query.Length == 0)
        {
            return paths.Take(take);
        }

        return paths
            .Select(p => (Path: p, Score: Score(p, query)))
            .Where(static x => x.Score > int.MinValue)
            .OrderByDescending(static x => x.Score)
            .ThenBy(static x => x.Path.Length)
            .Take(take)
            .Select(static x => x.Path);
    }

    private static int Score(string path, string query)
    {
        var nameStart = path.LastIndexOf('/') + 1;
        var score = 0;
        var p = 0;
        var previous = -2;
        foreach (var q in query)
        {
            while (p < path.Length && char.ToLowerInvariant(path[p]) != char.ToLowerInvariant(q))
            {
                p++;
            }

            if (p == path.Length)
            {
                return int.MinValue;
            }

            score += (p == previous + 1 ? 5 : 0) + (p >= nameStart ? 3 : 0) + (p == nameStart || (p > 0 && path[p - 1] is '/' or '.' or '_' or '-') ? 4 : 0);
            previous = p;
            p++;
        }

        return score - (path.Length / 10);
    }

    private static Completion Apply(string text, int start, int cursor, List<string> candidates, string suffix)
    {
        if (candidates.Count == 0)
        {
            return new Completion(null, []);
        }

        if (candidates.Count == 1)
        {
            return new Completion(text[..start] + candidates[0] + suffix + text[cursor..].TrimStart(' '), []);
        }

        var common = candidates[0];
        foreach (var candidate in candidates)
        {
            var n = 0;
            while (n < common.Length && n < candidate.Length && char.ToLowerInvariant(common[n]) == char.ToLowerInvariant(candidate[n]))
            {
                n++;
            }

            common = common[..n];
        }

        var typed = cursor - start;
        var newText = common.Length > typed ? text[..start] + common + text[cursor..] : null;
        return new Completion(newText, candidates);
    }
}
