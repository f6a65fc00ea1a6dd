using System.Text;
using Keel.Core.Messages;
using Keel.Core.Permissions.Paths;
using Keel.Core.Tools;

namespace Keel.Core.Prompts;

/// <summary>
/// Instructions that apply where the model works: when a tool first reads or edits a file, the
/// <c>AGENTS.md</c>/<c>CLAUDE.md</c> files of the folders between the working directory and that file,
/// and the rules whose <c>paths:</c> globs match it, are attached to that tool's result, each once per
/// session. The system prompt never changes for them, so the cached prefix stays the same.
/// </summary>
public sealed class NestedInstructions : IToolResultAttachments
{
    private readonly string _workingDirectory;
    private readonly string? _home;
    private readonly IReadOnlyList<(InstructionRule Rule, PathPattern[] Patterns)> _rules;
    private readonly HashSet<string> _loaded;
    private readonly Lock _gate = new();
    private readonly List<(string Path, string Why)> _attached = [];

    public NestedInstructions(string workingDirectory, InstructionSet startup, string? home)
    {
        _workingDirectory = Trim(Path.GetFullPath(workingDirectory));
        _home = home;
        _loaded = new HashSet<string>(startup.Files.Select(static f => f.Path), StringComparer.Ordinal);
        _rules = [.. startup.ConditionalRules.Select(r => (r, r.Globs.Select(g => PathPattern.Compile(g, Trim(r.BaseDirectory), home ?? "/")).ToArray()))];
    }

    /// <summary>What was attached so far this session and why (for /memory).</summary>
    public IReadOnlyList<(string Path, string Why)> Attached
    {
        get
        {
            lock (_gate)
            {
                return [.. _attached];
            }
        }
    }

    public string? For(ToolUseBlock call, ToolResult result, ToolSession session) =>
        result.IsError || TouchedFile.Of(call, session) is not { } path ? null : ForFile(path);

    /// <summary>The instructions not attached yet that apply to <paramref name="fullPath"/>, as one text; null when none.</summary>
    public string? ForFile(string fullPath)
    {
        var found = new List<(string Path, string Content, string Why)>();
        lock (_gate)
        {
            foreach (var directory in DirectoriesBelowWorkingDirectory(fullPath))
            {
                foreach (var name in InstructionFiles.Names)
                {
                    var candidate = Path.Combine(directory, name);
                    if (_loaded.Contains(candidate) || !File.Exists(candidate))
                    {
                        continue;
                    }

                    foreach (var file in InstructionFiles.LoadOne(candidate, _home, _loaded))
                    {
                        found.Add((file.Path, file.Content, $"instructions for {directory}"));
                    }
                }
            }

            foreach (var (rule, patterns) in _rules)
            {
                if (!_loaded.Contains(rule.Path) && patterns.Any(p => p.Matches(fullPath)))
                {
                    _loaded.Add(rule.Path);
                    found.Add((rule.Path, rule.Content, $"a rule for files matching {string.Join(", ", rule.Globs)}"));
                }
            }
        }

        if (found.Count == 0)
        {
            return null;
        }

        lock (_gate)
        {
            _attached.AddRange(found.Select(f => (f.Path, $"{f.Why}, when a tool worked on {fullPath}")));
        }

        var text = new StringBuilder();
        foreach (var (path, content, why) in found)
        {
            text.Append("<system-reminder>\nYou are working on ").Append(fullPath).Append(", so these instructions now apply (").Append(why).Append(", from ").Append(path)
                .Append("). Follow them for the files they cover.\n\n").Append(content.TrimEnd()).Append("\n</system-reminder>\n");
        }

        return text.ToString();
    }

    /// <summary>The directories strictly below the working directory that hold the file, outermost first.</summary>
    private List<string> DirectoriesBelowWorkingDirectory(string fullPath)
    {
        var chain = new List<string>();
        var directory = Path.GetDirectoryName(fullPath);
        while (directory is not null && directory.Length > _workingDirectory.Length && ProtectedPaths.Within(directory, _workingDirectory))
        {
            chain.Add(directory);
            directory = Path.GetDirectoryName(directory);
        }

        chain.Reverse();
        return chain;
    }

    private static string Trim(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
