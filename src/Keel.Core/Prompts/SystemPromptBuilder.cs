using System.Reflection;
using System.Text;
using Keel.Core.Model;

namespace Keel.Core.Prompts;

/// <summary>
/// Builds the system prompt in sections, most stable first so consecutive requests, and requests
/// from different projects, share the longest byte prefix: the static part (identical across
/// turns, sessions and projects; it ends in a cache breakpoint), then the environment and git
/// summary, the instruction files, memory, and the user's appended text.
/// </summary>
public static class SystemPromptBuilder
{
    private static string? _static;

    /// <summary>Identity, rules and tool guidance. Nothing here may depend on the project, the time or the machine.</summary>
    public static string StaticPart => _static ??= LoadResource("Keel.Core.Prompts.system.md");

    /// <param name="outputStyle">The chosen output style's section (none for the default style).</param>
    /// <param name="skills">The skill listing; dynamic, so it sits after the environment and never moves the static prefix.</param>
    public static IReadOnlyList<SystemBlock> Build(PromptEnvironment environment, string? replaceWith = null, string? append = null, string? outputStyle = null, string? skills = null)
    {
        var blocks = new List<SystemBlock>(7)
        {
            new(replaceWith ?? StaticPart, CacheBreakpoint: true),
            new(PromptSections.Environment(environment), CacheBreakpoint: false),
        };
        if (!string.IsNullOrWhiteSpace(outputStyle))
        {
            blocks.Add(new SystemBlock(outputStyle, CacheBreakpoint: false));
        }

        if (environment.InstructionFiles.Count > 0)
        {
            blocks.Add(new SystemBlock(PromptSections.Instructions(environment.InstructionFiles), CacheBreakpoint: false));
        }

        if (!string.IsNullOrWhiteSpace(environment.Memory))
        {
            blocks.Add(new SystemBlock(PromptSections.Memory(environment.Memory), CacheBreakpoint: false));
        }

        if (!string.IsNullOrWhiteSpace(skills))
        {
            blocks.Add(new SystemBlock(skills, CacheBreakpoint: false));
        }

        if (!string.IsNullOrWhiteSpace(append))
        {
            blocks.Add(new SystemBlock(append, CacheBreakpoint: false));
        }

        return blocks;
    }

    /// <summary>The whole dynamic part as one text (environment, git, instructions), for display and tests.</summary>
    public static string DescribeEnvironment(PromptEnvironment environment)
    {
        var text = new StringBuilder(PromptSections.Environment(environment));
        if (environment.InstructionFiles.Count > 0)
        {
            text.Append('\n').Append(PromptSections.Instructions(environment.InstructionFiles));
        }

        return text.ToString();
    }

    private static string LoadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"missing embedded resource {name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
