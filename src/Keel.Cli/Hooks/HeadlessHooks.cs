using System.Runtime.CompilerServices;
using Keel.Cli.Arguments;
using Keel.Cli.Composition;
using Keel.Core.Agent;

namespace Keel.Cli.Hooks;

/// <summary>The session-level hooks of a <c>-p</c> run: SessionStart before the prompt, SessionEnd after the result.</summary>
public static class HeadlessHooks
{
    public static async IAsyncEnumerable<AgentEvent> StartAsync(SessionSetup setup, CliOptions options, TextWriter stderr, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (setup.Hooks is not { } hooks)
        {
            yield break;
        }

        if (DebugHookLog.Enabled(options.Debug))
        {
            hooks.Logs.Add(new DebugHookLog(options.DebugFile is null ? stderr : DebugOutput.Writer));
        }

        var source = options.Resume is not null || options.Continue ? "resume" : "startup";
        await foreach (var item in setup.Loop.StartSessionAsync(source, cancellationToken))
        {
            yield return item;
        }
    }

    /// <summary>Runs SessionEnd hooks (bounded by their short shared budget); their notices go to stderr.</summary>
    public static async Task EndAsync(SessionSetup setup, TextWriter stderr)
    {
        if (setup.Hooks is not { } hooks)
        {
            return;
        }

        // Async hooks still running finish (each within its timeout) before the process ends, so none is cut off or orphaned.
        await hooks.DrainAsync();
        if (!hooks.Has(Core.Hooks.HookEvent.SessionEnd))
        {
            return;
        }

        var outcome = await hooks.SessionEndAsync("other", CancellationToken.None);
        foreach (var notice in outcome.Notices)
        {
            await stderr.WriteLineAsync(notice);
        }
    }
}
