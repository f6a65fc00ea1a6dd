using System.Text.Json;
using Keel.Core.Settings.Writing;

namespace Keel.Terminal.Commands;

/// <summary>Deletes a rule from a settings file's permissions lists through the one settings writer (everything else kept byte for byte).</summary>
public static class LocalRuleFile
{
    public static (bool Removed, string? Error) Remove(string path, string rule)
    {
        if (!File.Exists(path))
        {
            return (false, null);
        }

        var removed = 0;
        var error = SettingsWriter.Edit(path, edit =>
        {
            foreach (var key in (string[])["allow", "deny", "ask"])
            {
                removed += edit.RemoveFromArray(["permissions", key], item => item.ValueKind == JsonValueKind.String && item.GetString() == rule);
            }

            return null;
        });
        return (error is null && removed > 0, error);
    }
}
