using Keel.Core.Markdown;

namespace Keel.Core.Skills;

/// <summary>One <c>SKILL.md</c> folder: what the model sees before invoking it, and what invoking it brings.</summary>
public sealed class SkillDefinition
{
    public SkillDefinition(string name, string source, string skillFile, FrontMatter file)
        : this(name, source, skillFile, Path.GetDirectoryName(skillFile)!, file)
    {
    }

    private SkillDefinition(string name, string source, string skillFile, string directory, FrontMatter file)
    {
        Name = name;
        Source = source;
        FilePath = skillFile;
        Directory = directory;
        Body = file.Body;
        DisplayName = file.Get("name") ?? name;
        Description = file.Get("description") ?? Commands.MarkdownCommand.FirstLine(file.Body) ?? "(no description)";
        WhenToUse = file.Get("when_to_use") ?? file.Get("when-to-use");
        ArgumentHint = file.Get("argument-hint");
        ArgumentNames = file.GetList("arguments");
        AllowedTools = file.GetList("allowed-tools");
        Model = file.Get("model");
        DisableModelInvocation = file.GetBool("disable-model-invocation") ?? false;
        UserInvocable = file.GetBool("user-invocable") ?? true;
        Context = file.Get("context");
        Paths = file.GetList("paths");
    }

    /// <summary>A skill shipped inside Keel (<see cref="BundledSkills"/>): it has no folder of its own.</summary>
    public static SkillDefinition Bundled(string name, FrontMatter file) =>
        new(name, BundledSkills.Source, $"(bundled)/{name}.md", string.Empty, file);

    /// <summary>From the folder (<c>pdf</c>, or <c>team:pdf</c> when nested); the /name and the Skill tool's name.</summary>
    public string Name { get; }

    public string DisplayName { get; }

    /// <summary><c>project</c>, <c>user</c> or <c>bundled</c>.</summary>
    public string Source { get; }

    public bool IsBundled => Directory.Length == 0;

    public string FilePath { get; }

    /// <summary>The skill's folder; the model may read the other files in it without asking. Empty for a bundled skill.</summary>
    public string Directory { get; }

    public string Body { get; }

    public string Description { get; }

    public string? WhenToUse { get; }

    public string? ArgumentHint { get; }

    public IReadOnlyList<string> ArgumentNames { get; }

    public IReadOnlyList<string> AllowedTools { get; }

    public string? Model { get; }

    /// <summary>Only the user may invoke it (as /name); it is not listed to the model.</summary>
    public bool DisableModelInvocation { get; }

    /// <summary>False: only the model may invoke it; there is no /name.</summary>
    public bool UserInvocable { get; }

    /// <summary><c>fork</c>: the skill runs in a general-purpose subagent and only its answer comes back.</summary>
    public string? Context { get; }

    /// <summary>
    /// Globs (<c>paths:</c>, relative to the working directory): the skill is offered to the model only once a
    /// tool has worked on a matching file (see <see cref="ConditionalSkills"/>). Empty: offered from the start.
    /// </summary>
    public IReadOnlyList<string> Paths { get; }

    public bool IsConditional => Paths.Count > 0;

    public bool Forks => string.Equals(Context, "fork", StringComparison.OrdinalIgnoreCase);
}
