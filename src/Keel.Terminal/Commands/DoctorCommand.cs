using System.Runtime.InteropServices;
using System.Text;
using Keel.Core.Commands;

namespace Keel.Terminal.Commands;

/// <summary>/doctor: API reachability (short timeout), settings problems, sandbox availability, versions.</summary>
public static class DoctorCommand
{
    public static async Task<string> RunAsync(SlashCommandContext context, InteractiveCommandServices services, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append("Keel ").Append(services.Version).Append(" on .NET ").Append(RuntimeInformation.FrameworkDescription.Replace(".NET ", string.Empty, StringComparison.Ordinal))
            .Append(", ").Append(RuntimeInformation.OSDescription).Append('\n');
        text.Append("API: ").Append(await services.ProbeApi(cancellationToken)).Append('\n');
        var warnings = services.Warnings;
        if (warnings.Count == 0)
        {
            text.Append("Settings: no problems found (").Append(context.Settings.Layers.Count).Append(" files read)\n");
        }
        else
        {
            text.Append("Settings: ").Append(warnings.Count).Append(" problem(s)\n");
            foreach (var warning in warnings)
            {
                text.Append("  ").Append(warning).Append('\n');
            }
        }

        var bwrap = FindOnPath("bwrap", services.GetEnv("PATH"));
        text.Append("Sandbox: ").Append(bwrap is null ? "bubblewrap (bwrap) not found; --sandbox will refuse to run Bash" : $"bubblewrap at {bwrap}").Append('\n');
        var editor = services.GetEnv("VISUAL") ?? services.GetEnv("EDITOR");
        text.Append("Editor for /memory: ").Append(editor ?? "not set ($EDITOR); vi is used").Append('\n');
        using (var keys = new Keel.Terminal.Input.KeyBindings.KeyBindingsFile(Path.Combine(Keel.Core.Sessions.KeelPaths.ConfigDirectory(services.GetEnv), "keybindings.json")))
        {
            text.Append(keys.Describe());
        }

        return text.ToString();
    }

    private static string? FindOnPath(string name, string? path) =>
        (path ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
