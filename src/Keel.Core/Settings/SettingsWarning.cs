namespace Keel.Core.Settings;

/// <summary>A problem in a settings file, with where it is; shown to the user, never fatal.</summary>
public sealed record SettingsWarning(string Path, long? Line, string Message)
{
    public override string ToString() => Line is { } line ? $"{Path}:{line}: {Message}" : $"{Path}: {Message}";
}
