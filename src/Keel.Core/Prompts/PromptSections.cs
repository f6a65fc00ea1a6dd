using System.Globalization;
using System.Text;

namespace Keel.Core.Prompts;

/// <summary>
/// The dynamic sections of the system prompt. Within each, facts shared by most projects on one
/// machine (platform, shell, model, date) come before project facts, which lengthens the prefix
/// that requests from different projects have in common.
/// </summary>
internal static class PromptSections
{
    public static string Environment(PromptEnvironment environment)
    {
        var text = new StringBuilder(1024);
        text.Append("# Environment\n");
        text.Append("Platform: ").Append(environment.Platform).Append('\n');
        text.Append("Shell: ").Append(environment.Shell).Append('\n');
        text.Append("Model: ").Append(environment.Model).Append('\n');
        text.Append("Today's date: ").Append(environment.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        text.Append("Working directory: ").Append(environment.WorkingDirectory).Append('\n');
        foreach (var extra in environment.AdditionalDirectories)
        {
            text.Append("Additional working directory: ").Append(extra).Append('\n');
        }

        AppendGit(text, environment.Git);
        return text.ToString();
    }

    public static string Instructions(IReadOnlyList<InstructionFile> files)
    {
        var text = new StringBuilder(4096);
        text.Append("# Project and user instructions\n");
        text.Append("The developer wrote these instructions for you. Follow them; where they conflict with the defaults above, they win.\n");
        foreach (var file in files)
        {
            text.Append("\n## ").Append(file.Path).Append("\n\n").Append(file.Content.TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    public static string Memory(string memory) => "# Memory\n" + memory.TrimEnd() + "\n";

    private static void AppendGit(StringBuilder text, GitSummary? git)
    {
        if (git is null)
        {
            text.Append("Git: the working directory is not in a git repository.\n");
            return;
        }

        text.Append("\n# Git (a snapshot from the start of the session; it is not updated)\n");
        text.Append("Current branch: ").Append(git.Branch ?? "(detached HEAD)").Append('\n');
        if (git.MainBranch is { } main)
        {
            text.Append("Main branch: ").Append(main).Append('\n');
        }

        if (git.Note is { } note)
        {
            text.Append("Note: ").Append(note).Append('\n');
        }

        if (git.Note?.StartsWith("git status", StringComparison.Ordinal) == true)
        {
            // The status is unknown, which is not the same as clean.
        }
        else if (git.Status.Count == 0)
        {
            text.Append("Status: clean\n");
        }
        else
        {
            text.Append("Status (git status --short):\n");
            foreach (var line in git.Status)
            {
                text.Append(line).Append('\n');
            }

            if (git.MoreStatusLines > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"({git.MoreStatusLines} more)\n");
            }
        }

        if (git.RecentCommits.Count > 0)
        {
            text.Append("Recent commits:\n");
            foreach (var subject in git.RecentCommits)
            {
                text.Append("- ").Append(subject).Append('\n');
            }
        }
    }
}
