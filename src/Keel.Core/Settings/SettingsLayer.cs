using System.Text.Json;

namespace Keel.Core.Settings;

/// <summary>
/// One settings file (or inline <c>--settings</c> JSON) as read: its typed keys (<see cref="File"/>) and
/// the whole document (<see cref="Root"/>, for the permission and sandbox merge).
/// </summary>
/// <param name="Source">One of <see cref="SettingsSources"/>.</param>
/// <param name="Path">The file, or <c>--settings</c> for inline JSON.</param>
/// <param name="BaseDirectory">What relative path rules in this layer are anchored to.</param>
/// <param name="Root">The parsed document (detached; safe to keep).</param>
/// <param name="NarrowingOnly">True when the file had type errors: only its deny/ask rules count.</param>
public sealed record SettingsLayer(string Source, string Path, string BaseDirectory, JsonElement Root, bool NarrowingOnly = false)
{
    /// <summary>The typed keys of this file (see <see cref="SettingsFile"/>).</summary>
    public SettingsFile File { get; init; } = SettingsFile.Empty;

    /// <summary>The file's text, for locating a later problem by line.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; init; }

    /// <summary>"path:line" of a key in this layer (line when it can be found).</summary>
    public string Locate(params string[] keyPath) => JsonLines.LineOf(Utf8.Span, keyPath) is { } line ? $"{Path}:{line}" : Path;
}
