using System.Reflection;
using Keel.Core.Markdown;

namespace Keel.Core.Skills;

/// <summary>
/// The skills shipped inside Keel (<c>/review</c>, <c>/commit</c>, <c>/init</c>, ...), embedded as resources so a
/// single AOT binary carries them. They rank below every file: a user or project skill, or a command file,
/// of the same name replaces the bundled one.
/// </summary>
public static class BundledSkills
{
    public const string Source = "bundled";

    /// <summary>The bundled skill that repeats a prompt on a timer (run by <see cref="LoopCommand"/>).</summary>
    public const string LoopName = "loop";

    private const string Prefix = "Keel.Core.Skills.Bundled.";

    /// <summary>Every bundled skill, sorted by name.</summary>
    public static IReadOnlyList<SkillDefinition> Load()
    {
        var assembly = typeof(BundledSkills).Assembly;
        var skills = new List<SkillDefinition>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (resource.StartsWith(Prefix, StringComparison.Ordinal) && resource.EndsWith(".md", StringComparison.Ordinal))
            {
                var name = resource[Prefix.Length..^3];
                skills.Add(SkillDefinition.Bundled(name, FrontMatter.Parse(Read(assembly, resource))));
            }
        }

        skills.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return skills;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The bundled skill {resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
