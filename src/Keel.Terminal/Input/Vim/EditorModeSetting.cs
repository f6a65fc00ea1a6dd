using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Core.Settings;
using Keel.Core.Settings.Writing;

namespace Keel.Terminal.Input.Vim;

/// <summary>
/// The <c>editorMode</c> setting ("vim" or "normal"): read from the settings layers at start, switched by
/// <c>/vim</c> and saved to the user's settings file so the next session starts the same way.
/// </summary>
public sealed class EditorModeSetting(string userSettingsFile, bool vim)
{
    private volatile bool _vim = vim;

    public bool Vim => _vim;

    /// <summary>The highest layer's <c>editorMode</c>; anything but "vim" is the normal editor.</summary>
    public static bool ReadFrom(IEnumerable<SettingsLayer> layers)
    {
        foreach (var layer in layers)
        {
            if (layer.Root.ValueKind == JsonValueKind.Object && layer.Root.TryGetProperty("editorMode", out var mode) && mode.ValueKind == JsonValueKind.String)
            {
                return string.Equals(mode.GetString(), "vim", StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    /// <summary>Switches the mode and saves it; returns what to tell the user.</summary>
    public string Toggle()
    {
        _vim = !_vim;
        var value = _vim ? "vim" : "normal";
        var error = SettingsWriter.Edit(userSettingsFile, edit =>
        {
            edit.Set(["editorMode"], JsonValue.Create(value));
            return null;
        });
        var said = _vim
            ? "Vim mode on: Esc for normal mode (hjkl w b e, d c y with motions and text objects, . u Ctrl+R), i or a to type, Enter sends."
            : "Vim mode off: the normal editor is back.";
        return error is null ? $"{said} Saved as editorMode \"{value}\" in {userSettingsFile}." : $"{said} (Not saved: {error})";
    }
}
