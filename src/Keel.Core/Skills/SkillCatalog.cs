using System.Text;

namespace Keel.Core.Skills;

/// <summary>The session's skills, and the short listing the model sees before it invokes one.</summary>
public sealed class SkillCatalog(IReadOnlyList<SkillDefinition> skills)
{
    /// <summary>The most of one skill's description (with when_to_use) that is listed.</summary>
    public const int MaxEntryChars = 1_536;

    /// <summary>The most the whole listing may take of the system prompt.</summary>
    public const int MaxListingChars = 12_000;

    private readonly HashSet<string> _activated = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public IReadOnlyList<SkillDefinition> All { get; } = skills;

    /// <summary>The skills the model may invoke through the Skill tool now (a <c>paths:</c> skill once it is activated).</summary>
    public IEnumerable<SkillDefinition> ModelInvocable => All.Where(s => !s.DisableModelInvocation && IsAvailable(s));

    /// <summary>Whether the session needs the Skill tool: some skill is, or may become, invocable by the model.</summary>
    public bool HasModelInvocable => All.Any(static s => !s.DisableModelInvocation);

    /// <summary>False for a <c>paths:</c> skill until a tool has worked on a file it covers.</summary>
    public bool IsAvailable(SkillDefinition skill)
    {
        if (!skill.IsConditional)
        {
            return true;
        }

        lock (_gate)
        {
            return _activated.Contains(skill.Name);
        }
    }

    /// <summary>Makes a <c>paths:</c> skill available; false when it already was.</summary>
    public bool Activate(SkillDefinition skill)
    {
        lock (_gate)
        {
            return _activated.Add(skill.Name);
        }
    }

    public SkillDefinition? Find(string name)
    {
        var bare = name.Trim().TrimStart('/');
        return All.FirstOrDefault(s => string.Equals(s.Name, bare, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The system prompt section listing names and descriptions; null when there is nothing to list.</summary>
    public string? Listing()
    {
        var listed = ModelInvocable.ToList();
        if (listed.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder(2048);
        text.Append("# Skills\n");
        text.Append("Skills are instructions the developer packaged for particular kinds of task. When a request matches a skill below, call the Skill tool with its name before doing the work yourself; it returns the full instructions and the skill's folder, whose other files you can read. Do not call a skill that is already loaded in this conversation.\n\n");
        var header = text.Length;
        for (var i = 0; i < listed.Count; i++)
        {
            var skill = listed[i];
            var entry = skill.WhenToUse is { } when ? $"{skill.Description} {when}" : skill.Description;
            entry = entry.ReplaceLineEndings(" ");
            if (entry.Length > MaxEntryChars)
            {
                entry = entry[..(MaxEntryChars - 1)] + "…";
            }

            var line = $"- {skill.Name}: {entry}\n";
            if (text.Length - header + line.Length > MaxListingChars)
            {
                text.Append("- (").Append(listed.Count - i).Append(" more skills not listed for space: ")
                    .AppendJoin(", ", listed.Skip(i).Select(static s => s.Name)).Append(")\n");
                break;
            }

            text.Append(line);
        }

        return text.ToString();
    }
}
