namespace Keel.Core.Settings;

/// <summary>A problem in a settings file, with where it is; shown to the user, never fatal.</summary>
public sealed record SettingsWarning(string Path, long? Line, string Message)
{
    /// <summary>The column on <see cref="Line"/>, when the problem is one character (a JSON syntax error).</summary>
    public long? Column { get; init; }

    public override string ToString() => (Line, Column) switch
    {
        ({ } line, { } column) => $"{Path}:{line}:{column}: {Message}",
        ({ } line, null) => $"{Path}:{line}: {Message}",
        _ => $"{Path}: {Message}",
    };
}
