using System.Reflection;

namespace Keel.Cli.Composition;

public static class KeelVersion
{
    private static string? _current;

    public static string Current => _current ??= typeof(KeelVersion).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
