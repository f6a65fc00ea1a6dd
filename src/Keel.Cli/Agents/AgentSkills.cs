using System.Text;
using Keel.Core.Agent.Subagents;
using Keel.Core.Skills;

namespace Keel.Cli.Agents;

/// <summary>
/// The skills an agent's <c>skills</c> list preloads: their instructions open the agent's first message, so it
/// starts with them instead of having to find and invoke them.
/// </summary>
internal static class AgentSkills
{
    /// <summary>The preloaded instructions, or null when the agent lists none.</summary>
    public static string? Preload(AgentDefinition agent, SkillCatalog? catalog)
    {
        if (agent.Skills.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        text.Append("Skills preloaded for this agent; follow their instructions where they apply:\n");
        foreach (var name in agent.Skills.Distinct(StringComparer.Ordinal))
        {
            if (catalog?.Find(name) is not { } skill)
            {
                text.Append("\n(The skill \"").Append(name).Append("\" this agent lists is not installed.)\n");
                continue;
            }

            text.Append("\n<skill name=\"").Append(skill.Name).Append("\" folder=\"").Append(skill.Directory).Append("\">\n")
                .Append(skill.Body.Trim()).Append("\n</skill>\n");
        }

        return text.ToString();
    }
}
