using System.Text;
using Keel.Core.Commands;
using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Core.Skills;

/// <summary>
/// Loads a skill's instructions for the conversation, whether the model called the Skill tool or the
/// user typed /name: arguments filled in (<c>$0</c> is the first), <c>!`cmd`</c> and <c>@file</c> run
/// under the session's permissions, reads inside the skill's folder allowed from now on, and the
/// content remembered so it survives compaction.
/// </summary>
public sealed class SkillInvoker(SkillCatalog catalog, InvokedSkills invoked, PermissionEngine policy, ITool? shell)
{
    /// <summary>Where rules that let the model read a skill's own files come from, in decisions.</summary>
    public const string ReadRuleSource = "skill";

    private readonly HashSet<string> _readable = new(StringComparer.Ordinal);

    public SkillCatalog Catalog => catalog;

    public InvokedSkills Invoked => invoked;

    public PermissionEngine Policy => policy;

    /// <summary>
    /// Runs a <c>context: fork</c> skill's expanded instructions in a subagent and returns its final text;
    /// null (no subagents in this session, e.g. inside a subagent) runs the skill inline.
    /// </summary>
    public Func<SkillDefinition, string, CancellationToken, Task<string>>? Fork { get; set; }

    /// <summary>The session's hooks, for the tool calls of <c>!`cmd`</c> lines (null: none).</summary>
    public Hooks.HookRunner? Hooks { get; set; }

    /// <summary>
    /// The skill's content as the model should see it. Its allowed-tools must already be in effect
    /// (the caller decides for how long: the Skill tool's turn, or the turn a /name starts).
    /// </summary>
    public async Task<string> LoadAsync(SkillDefinition skill, string arguments, ToolSession session, string sessionId, CancellationToken cancellationToken)
    {
        if (!skill.IsBundled)
        {
            AllowReadsIn(skill.Directory);
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CLAUDE_SKILL_DIR"] = skill.Directory,
            ["KEEL_SKILL_DIR"] = skill.Directory,
            ["CLAUDE_PROJECT_DIR"] = session.ProjectDirectory,
            ["KEEL_PROJECT_DIR"] = session.ProjectDirectory,
            ["CLAUDE_SESSION_ID"] = sessionId,
            ["KEEL_SESSION_ID"] = sessionId,
        };
        var body = ArgumentExpander.Expand(skill.Body, arguments, ArgumentNumbering.ZeroBased, variables, skill.ArgumentNames);
        body = await new PromptContextExpander(shell, policy, session, Hooks).ExpandAsync(body, cancellationToken);

        var text = new StringBuilder(body.Length + 512);
        text.Append("<skill name=\"").Append(skill.Name).Append('"');
        if (!skill.IsBundled)
        {
            text.Append(" folder=\"").Append(skill.Directory).Append('"');
        }

        text.Append(">\n");
        if (skill.Forks && Fork is { } fork)
        {
            // Only the subagent's answer enters this conversation; its working context stays in its side-chain.
            var folderNote = skill.IsBundled ? string.Empty : $"The skill's folder is {skill.Directory}; files its instructions mention are relative to it.\n\n";
            var answer = await fork(skill, folderNote + body.Trim(), cancellationToken);
            text.Append("This skill ran in a separate subagent (context: fork). Its result:\n\n").Append(answer.Trim()).Append("\n</skill>");
            var forked = text.ToString();
            invoked.Record(skill.Name, forked);
            return forked;
        }

        if (!skill.IsBundled)
        {
            text.Append("The skill's folder is ").Append(skill.Directory)
                .Append("; files its instructions mention are relative to it, and you may Read them without asking.\n");
        }

        if (skill.Forks)
        {
            text.Append("(This skill asks to run in a separate context (context: fork); no subagent can run here, so it runs inline.)\n");
        }

        text.Append('\n').Append(body.Trim()).Append("\n</skill>");
        var content = text.ToString();
        invoked.Record(skill.Name, content);
        return content;
    }

    private void AllowReadsIn(string directory)
    {
        lock (_readable)
        {
            if (!_readable.Add(directory))
            {
                return;
            }
        }

        var (rule, _) = PermissionRuleParser.Parse($"Read(/{directory}/**)", PermissionBehavior.Allow, ReadRuleSource, policy.Context.ProjectDirectory);
        if (rule is not null)
        {
            policy.Context.AddRules([rule]);
        }
    }
}
