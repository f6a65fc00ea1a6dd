using System.Globalization;
using Keel.Core.Memory;
using Keel.Core.Sessions;
using Keel.Core.Settings;

namespace Keel.Cli.Memory;

/// <summary><c>keel memory list|show|forget</c>: the memory of the project in the current directory, headless.</summary>
public static class MemoryCommand
{
    public const string Usage = """
        Usage: keel memory list             list this project's and your user-level memories
               keel memory show [NAME]      print a memory (file name or name), or the MEMORY.md index without NAME
               keel memory forget NAME      delete a memory and its line in MEMORY.md
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, Func<string, string?> getEnv, string cwd, TimeProvider time, TextWriter stdout, TextWriter stderr)
    {
        var warnings = new List<string>();
        var configDir = KeelPaths.ConfigDirectory(getEnv);
        var settings = SettingsLoader.Load(SettingsLocations.ForProcess(getEnv, cwd, null) with { KeelConfigDirectory = configDir });
        var location = MemoryLocation.Resolve(configDir, cwd, settings, getEnv, warnings);
        foreach (var warning in warnings)
        {
            await stderr.WriteLineAsync($"Warning: {warning}");
        }

        switch (args)
        {
            case ["list"]:
                await stdout.WriteAsync(List(location, time.GetUtcNow()));
                return 0;
            case ["show"]:
                await stdout.WriteAsync(MemoryStore.ReadText(location.ProjectIndex) ?? $"No MEMORY.md yet in {location.ProjectDirectory}.\n");
                return 0;
            case ["show", var name]:
                if (MemoryStore.Find(location, name) is not { } shown)
                {
                    await stderr.WriteLineAsync($"Error: no memory named {name} (see keel memory list).");
                    return 1;
                }

                await stdout.WriteAsync(MemoryStore.ReadText(shown.Path) ?? string.Empty);
                return 0;
            case ["forget", var name]:
                if (MemoryStore.Find(location, name) is not { } forgotten)
                {
                    await stderr.WriteLineAsync($"Error: no memory named {name} (see keel memory list).");
                    return 1;
                }

                if (MemoryStore.Forget(forgotten) is { } failure)
                {
                    await stderr.WriteLineAsync($"Error: {failure}");
                    return 1;
                }

                await stdout.WriteLineAsync($"Forgot {forgotten.Name} ({forgotten.Path}).");
                return 0;
            default:
                var help = args.Count == 0 || args[0] is "-h" or "--help";
                await stderr.WriteAsync(help ? Usage + "\n" : $"Error: unknown memory command '{string.Join(' ', args)}'.\n{Usage}\n");
                return help ? 0 : 2;
        }
    }

    /// <summary>The listing text: both folders, then one line per memory, newest first.</summary>
    public static string List(MemoryLocation location, DateTimeOffset now)
    {
        var text = new System.Text.StringBuilder();
        text.Append("Project memory: ").Append(location.ProjectDirectory).Append('\n');
        text.Append("User memory:    ").Append(location.UserDirectory).Append('\n');
        if (!location.Enabled)
        {
            text.Append("Auto memory is off (autoMemoryEnabled or ").Append(MemoryLocation.DisableVariable).Append(").\n");
        }

        var entries = MemoryStore.ScanAll(location);
        if (entries.Count == 0)
        {
            return text.Append("No memories saved yet.\n").ToString();
        }

        foreach (var entry in entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{entry.Scope,-8} {entry.Type ?? "-",-9} {MemoryAge.Describe(now - entry.Modified),-12} {entry.FileName}  {entry.Name}");
            if (entry.Description.Length > 0)
            {
                text.Append(": ").Append(entry.Description);
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
