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

    /// <summary>Every other key Keel reads, typed and merged across layers.</summary>
    public EffectiveSettings Effective { get; init; } = EffectiveSettings.Empty;
}
