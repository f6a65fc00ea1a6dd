using System.Text.Json;

namespace Keel.Core.Settings;

/// <summary>The settings validator for callers outside Core (<c>keel config set</c> refuses a value Keel would reject).</summary>
public static class SettingsCheck
{
    /// <summary>Every problem in a settings document, with the key path it concerns.</summary>
    public static IReadOnlyList<(string[] Path, string Message)> Problems(JsonElement root) => SettingsValidator.Validate(root);
}
