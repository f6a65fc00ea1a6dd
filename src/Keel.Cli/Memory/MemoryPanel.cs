using System.Text;
using Keel.Cli.Commands;
using Keel.Cli.Composition;
using Keel.Core.Memory;

namespace Keel.Cli.Memory;

/// <summary>
/// What <c>/memory</c> shows and offers in the terminal: the instruction files and memories loaded and why,
/// the files to open in <c>$EDITOR</c>, and the auto memory switch.
/// </summary>
internal static class MemoryPanel
{
    public static string Describe(SessionSetup setup, DateTimeOffset now)
    {
        var text = new StringBuilder();
        text.Append("Instruction files loaded at the start:\n");
        foreach (var file in setup.Instructions.Files)
        {
            text.Append("  ").Append(file.Path).Append('\n');
        }

        if (setup.Instructions.Files.Count == 0)
        {
            text.Append("  (none)\n");
        }

        foreach (var (path, why) in setup.Nested?.Attached ?? [])
        {
            text.Append("  ").Append(path).Append(" (").Append(why).Append(")\n");
        }

        var memory = setup.Memory;
        text.Append("Auto memory: ").Append(memory.Enabled ? "on" : "off").Append(" (project ").Append(memory.ProjectDirectory)
            .Append(", user ").Append(memory.UserDirectory).Append(")\n");
        if (setup.Loop.Attachments is MemoryRecall { Last: { } last })
        {
            var prompt = last.Prompt.ReplaceLineEndings(" ");
            text.Append("Recalled for \"").Append(prompt.Length > 50 ? prompt[..47] + "…" : prompt).Append("\": ");
            if (last.Attached.Count == 0)
            {
                text.Append(last.Problem ?? $"nothing (the small model found none of {last.Offered} memories relevant)").Append('\n');
            }
            else
            {
                text.Append(last.Attached.Count).Append(" of ").Append(last.Offered).Append(" memories, chosen by the small model as relevant:\n");
                foreach (var entry in last.Attached)
                {
                    text.Append("  ").Append(entry.Path).Append(" (").Append(entry.Type ?? "untyped").Append(", ").Append(MemoryAge.Describe(now - entry.Modified)).Append(")\n");
                }
            }
        }

        if (setup.MemoryExtraction?.Last is { } extraction)
        {
            text.Append("Last background extraction: ").Append(extraction.Error ?? $"wrote {extraction.Written.Count} memories").Append(", $").Append(extraction.CostUsd.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The memory files to offer for editing: the project index first, then topic files.</summary>
    public static IReadOnlyList<string> Files(SessionSetup setup) =>
        [setup.Memory.ProjectIndex, .. MemoryStore.ScanAll(setup.Memory).Select(static e => e.Path)];

    /// <summary>Flips <c>autoMemoryEnabled</c> in the project's local settings; the message for the user.</summary>
    public static string Toggle(SessionSetup setup)
    {
        var on = !setup.Memory.Enabled;
        return LocalSettingsFile.SetBool(setup.Tools.ProjectDirectory, MemoryLocation.EnabledKey, on) is { } problem
            ? problem
            : $"Auto memory turned {(on ? "on" : "off")} in {LocalSettingsFile.PathFor(setup.Tools.ProjectDirectory)}; it applies from the next session.";
    }
}
