using Keel.Core.Permissions;

namespace Keel.Core.Settings;

/// <summary>The merged <c>permissions</c> key of every layer.</summary>
/// <param name="Rules">Allow, ask and deny rules of every layer, each citing its source.</param>
/// <param name="DefaultMode">The highest layer's <c>defaultMode</c>, or null.</param>
/// <param name="DefaultModeSource">Which layer set it.</param>
/// <param name="AdditionalDirectories">Absolute directories from <c>additionalDirectories</c>.</param>
/// <param name="BypassDisabled">Managed settings disabled bypassPermissions (or were unreadable).</param>
public sealed record PermissionSettings(
    IReadOnlyList<PermissionRule> Rules,
    PermissionMode? DefaultMode,
    string? DefaultModeSource,
    IReadOnlyList<string> AdditionalDirectories,
    bool BypassDisabled)
{
    public static PermissionSettings Empty { get; } = new([], null, null, [], false);
}
