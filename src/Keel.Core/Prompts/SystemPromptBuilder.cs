using System.Reflection;
using System.Text;
using Keel.Core.Model;

namespace Keel.Core.Prompts;

/// <summary>
/// Builds the system prompt: a static part, byte-identical across turns and sessions (it ends
/// in a cache breakpoint), then the environment, which depends on where and when Keel runs.
/// </summary>
public static class SystemPromptBuilder
{
    private static string? _static;

    public static string StaticPart => _static ??= LoadResource("Keel.Core.Prompts.system.md");

    public static IReadOnlyList<SystemBlock> Build(PromptEnvironment environment, string? replaceWith = null, string? append = null)
    {
        var blocks = new List<SystemBlock>(3)
        {
            new(replaceWith ?? StaticPart, CacheBreakpoint: true),
            new(DescribeEnvironment(environment), CacheBreakpoint: false),
        };
        if (!string.IsNullOrWhiteSpace(append))
        {
            blocks.Add(new SystemBlock(append, CacheBreakpoint: false));
        }

        return blocks;
    }

    public static string DescribeEnvironment(PromptEnvironment environment)
    {
        var text = new StringBuilder(512);
        text.Append("# Environment\n");
        text.Append("Working directory: ").Append(environment.WorkingDirectory).Append('\n');
        text.Append("Is a git repository: ").Append(environment.IsGitRepository ? "yes" : "no").Append('\n');
        foreach (var extra in environment.AdditionalDirectories)
        {
            text.Append("Additional working directory: ").Append(extra).Append('\n');
        }

        text.Append("Platform: ").Append(environment.Platform).Append('\n');
        text.Append("Shell: ").Append(environment.Shell).Append('\n');
        text.Append("Today's date: ").Append(environment.Today.ToString("yyyy-MM-dd")).Append('\n');
        text.Append("Model: ").Append(environment.Model).Append('\n');
        foreach (var instructions in environment.InstructionFiles)
        {
            text.Append("\n# Instructions from ").Append(instructions.Path).Append("\n\n").Append(instructions.Content.TrimEnd()).Append('\n');
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
