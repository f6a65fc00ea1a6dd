using System.Text.Json.Nodes;
using Keel.Core.Settings.Writing;

namespace Keel.Cli.Commands;

/// <summary>Sets one top-level key in the project's <c>.keel/settings.local.json</c> through the one settings writer.</summary>
public static class LocalSettingsFile
{
    public static string PathFor(string projectDirectory) => Path.Combine(projectDirectory, ".keel", "settings.local.json");

    /// <summary>Null on success, else a message saying why nothing was written.</summary>
    public static string? SetString(string projectDirectory, string key, string value) =>
        SettingsWriter.Edit(PathFor(projectDirectory), edit =>
        {
            edit.Set([key], JsonValue.Create(value));
            return null;
        });

    /// <summary>Null on success, else a message saying why nothing was written.</summary>
    public static string? SetBool(string projectDirectory, string key, bool value) =>
        SettingsWriter.Edit(PathFor(projectDirectory), edit =>
        {
            edit.Set([key], JsonValue.Create(value));
            return null;
        });
}
