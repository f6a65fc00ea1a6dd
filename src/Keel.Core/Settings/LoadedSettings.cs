using System.Text.Json;

namespace Keel.Core.Settings;

/// <summary>
/// Every settings layer that loaded (highest precedence first), what went wrong with the rest,
/// and the merged views the engine uses.
/// </summary>
public sealed record LoadedSettings(
    IReadOnlyList<SettingsLayer> Layers,
    IReadOnlyList<SettingsWarning> Warnings,
    PermissionSettings Permissions,
    SandboxSettings Sandbox,
    bool ManagedUnreadable)
{
    public static LoadedSettings Empty { get; } = new([], [], PermissionSettings.Empty, SandboxSettings.None, false);

    /// <summary>The highest layer's value of a top-level key (for keys the model does not know yet).</summary>
    public JsonElement? Get(string key)
    {
        foreach (var layer in Layers)
        {
            if (!layer.NarrowingOnly && layer.Root.ValueKind == JsonValueKind.Object && layer.Root.TryGetProperty(key, out var value))
            {
                return value;
            }
        }

        return null;
    }
}
