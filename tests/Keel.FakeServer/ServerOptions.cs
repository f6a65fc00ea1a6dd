using System.Globalization;
using Keel.Testing.FakeServer.Scenario;

namespace Keel.FakeServer;

/// <summary>Command line of the fake server.</summary>
internal sealed record ServerOptions(string Scenario, int Port, ScriptMode Mode, bool IgnoreStdin, string? RecordDirectory, bool Verbose)
{
    /// <summary>Instead of a scenario: a long session of this many Bash turns (see <see cref="LongSessionResponder"/>).</summary>
    public int? LongSessionTurns { get; init; }

    /// <summary>A file that gets one line per served response: number, received and finished (ms since start).</summary>
    public string? TimingsFile { get; init; }

    public const string Usage =
        "usage: Keel.FakeServer --scenario <file.json> [--port 0] [--repeat | --per-session] [--ignore-stdin] [--record <dir>] [--verbose] [--long-session <turns>] [--timings <file>]";

    public static ServerOptions Parse(string[] args)
    {
        string? scenario = null;
        string? record = null;
        var port = 0;
        var mode = ScriptMode.Once;
        var ignoreStdin = false;
        var verbose = false;
        int? longSession = null;
        string? timings = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--scenario":
                    scenario = Value(args, ref i);
                    break;
                case "--port":
                    port = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--repeat":
                    mode = ScriptMode.Repeat;
                    break;
                case "--per-session":
                    mode = ScriptMode.PerSession;
                    break;
                case "--ignore-stdin":
                    ignoreStdin = true;
                    break;
                case "--record":
                    record = Value(args, ref i);
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--long-session":
                    longSession = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--timings":
                    timings = Value(args, ref i);
                    break;
                default:
                    throw new FormatException($"unknown argument '{args[i]}'");
            }
        }

        if (scenario is null && longSession is null)
        {
            throw new FormatException("--scenario or --long-session is required");
        }

        return new ServerOptions(scenario ?? string.Empty, port, mode, ignoreStdin, record, verbose) { LongSessionTurns = longSession, TimingsFile = timings };
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new FormatException($"{args[i - 1]} needs a value");
}
