using Keel.Core.Hooks;

namespace Keel.Core.Tools.Pipeline;

/// <summary>Passes a hook outcome's notices on as events, and its stop request to the session.</summary>
internal static class HookReports
{
    public static void Report(HookEvent hookEvent, HookOutcome outcome, ToolCall call, HookRunner hooks)
    {
        foreach (var notice in outcome.Notices)
        {
            call.Emit(new HookNotice(hookEvent, notice));
        }

        if (outcome.Stop)
        {
            hooks.RequestStop(outcome.StopReason ?? $"a {hookEvent} hook stopped the session");
        }
    }
}
