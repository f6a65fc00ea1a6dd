using System.Text;
using Keel.Core.Messages;
using Keel.Core.Permissions.Paths;
using Keel.Core.Tools;

namespace Keel.Core.Skills;

/// <summary>
/// Skills with <c>paths:</c> globs, like path-scoped rules, are not listed at the start of a session: when a
/// tool first reads or edits a file one of them covers, the skill becomes invocable and its name and
/// description are attached to that tool's result (once). The system prompt and tool list never change,
/// so the cached prefix stays the same.
/// </summary>
public sealed class ConditionalSkills : IToolResultAttachments
{
    private readonly SkillCatalog _catalog;
    private readonly IReadOnlyList<(SkillDefinition Skill, PathPattern[] Patterns)> _skills;

    public ConditionalSkills(SkillCatalog catalog, string workingDirectory, string? home)
    {
        _catalog = catalog;
        var baseDirectory = Path.GetFullPath(workingDirectory);
        baseDirectory = baseDirectory.Length > 1 ? baseDirectory.TrimEnd('/') : baseDirectory;
        _skills = [.. catalog.All
            .Where(static s => s.IsConditional && !s.DisableModelInvocation)
            .Select(s => (s, s.Paths.Select(g => PathPattern.Compile(g, baseDirectory, home ?? "/")).ToArray()))];
    }

    public string? For(ToolUseBlock call, ToolResult result, ToolSession session)
    {
        if (_skills.Count == 0 || result.IsError || TouchedFile.Of(call, session) is not { } path)
        {
            return null;
        }

        return ForFile(path);
    }

    /// <summary>The skills this file makes available, as a reminder; null when none is new.</summary>
    public string? ForFile(string fullPath)
    {
        List<SkillDefinition>? found = null;
        foreach (var (skill, patterns) in _skills)
        {
            if (!_catalog.IsAvailable(skill) && patterns.Any(p => p.Matches(fullPath)) && _catalog.Activate(skill))
            {
                (found ??= []).Add(skill);
            }
        }

        if (found is null)
        {
            return null;
        }

        var text = new StringBuilder("<system-reminder>\nYou are working on ").Append(fullPath)
            .Append(", so these skills now apply. When the task matches one, call the Skill tool with its name before doing the work yourself.\n");
        foreach (var skill in found)
        {
            var entry = skill.WhenToUse is { } when ? $"{skill.Description} {when}" : skill.Description;
            text.Append("- ").Append(skill.Name).Append(": ").Append(entry.ReplaceLineEndings(" ")).Append('\n');
        }

        return text.Append("</system-reminder>\n").ToString();
    }
}
