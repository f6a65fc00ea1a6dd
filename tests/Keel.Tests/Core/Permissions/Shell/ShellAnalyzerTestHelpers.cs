using Keel.Core.Permissions.Shell;

namespace Keel.Tests.Core.Permissions.Shell;

internal static class ShellAnalyzerTestHelpers
{
    /// <summary>The unwrapped text of every simple command, in order.</summary>
    public static string[] Texts(string command)
    {
        var analysis = ShellAnalyzer.Analyze(command);
        analysis.ParseError.ShouldBeNull();
        return [.. analysis.Commands.Select(c => c.Text)];
    }

    public static ShellCommand Single(string command, string name)
    {
        var analysis = ShellAnalyzer.Analyze(command);
        analysis.ParseError.ShouldBeNull();
        return analysis.Commands.Single(c => c.BaseName == name);
    }
}
