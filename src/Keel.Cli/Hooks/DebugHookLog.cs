using Keel.Core.Hooks;

namespace Keel.Cli.Hooks;

/// <summary><c>--debug hooks</c>: one stderr line per hook invocation.</summary>
public sealed class DebugHookLog(TextWriter stderr) : IHookLog
{
    private readonly Lock _gate = new();

    /// <summary>True when a <c>--debug</c> value (empty = everything) includes hooks.</summary>
    public static bool Enabled(string? debug)
    {
        if (debug is null)
        {
            return false;
        }

        var categories = debug.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (categories.Contains("!hooks", StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        return categories.Length == 0
            || categories.Contains("hooks", StringComparer.OrdinalIgnoreCase)
            || categories.All(static c => c.StartsWith('!'));
    }

    public void Record(HookInvocation invocation)
    {
        lock (_gate)
        {
            stderr.WriteLine($"[DEBUG hooks] {invocation.Describe()}");
            stderr.Flush();
        }
    }
}
