namespace Keel.Tools.Search;

/// <summary>The rules of one ignore file, applying to its base directory and below.</summary>
public sealed class GitignoreFile
{
    private readonly GitignoreRule[] _rules;

    private GitignoreFile(string baseDirectory, GitignoreRule[] rules)
    {
        BaseDirectory = baseDirectory;
        _rules = rules;
        HasAnchoredRules = Array.Exists(rules, static r => r.Anchored);
    }

    /// <summary>Full path of the directory the rules are relative to (no trailing separator).</summary>
    public string BaseDirectory { get; }

    public int RuleCount => _rules.Length;

    internal bool HasAnchoredRules { get; }

    public static GitignoreFile Parse(string baseDirectory, string content)
    {
        var rules = new List<GitignoreRule>();
        foreach (var line in content.Split('\n'))
        {
            if (GitignoreRule.Parse(line) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return new GitignoreFile(baseDirectory, [.. rules]);
    }

    /// <summary>Loads an ignore file; null when it is missing or unreadable.</summary>
    public static GitignoreFile? TryLoad(string baseDirectory, string filePath)
    {
        // Most directories have none: one stat is far cheaper than the exception a missing file throws (costly under AOT).
        if (!File.Exists(filePath))
        {
            return null;
        }

        try
        {
            var file = Parse(baseDirectory, File.ReadAllText(filePath));
            return file.RuleCount == 0 ? null : file;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True = ignored, false = re-included by a <c>!</c> rule, null = no rule matched.</summary>
    public bool? Match(ReadOnlySpan<char> relativePath, ReadOnlySpan<char> name, bool isDirectory)
    {
        // The last matching rule wins.
        for (var i = _rules.Length - 1; i >= 0; i--)
        {
            var rule = _rules[i];
            if (rule.Matches(relativePath, name, isDirectory))
            {
                return !rule.Negated;
            }
        }

        return null;
    }
}
