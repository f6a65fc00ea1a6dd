namespace Keel.Core.Hooks;

/// <summary>Event names as settings spell them, and what each event allows.</summary>
public static class HookEvents
{
    public static bool TryParse(string name, out HookEvent hookEvent) =>
        Enum.TryParse(name, ignoreCase: false, out hookEvent) && Enum.IsDefined(hookEvent) && !char.IsDigit(name[0]);

    public static string Name(HookEvent hookEvent) => hookEvent.ToString();

    /// <summary>Events whose matcher filters on a tool name (and which honour <c>if</c>).</summary>
    public static bool IsToolEvent(HookEvent hookEvent) =>
        hookEvent is HookEvent.PreToolUse or HookEvent.PostToolUse or HookEvent.PostToolUseFailure or HookEvent.PermissionRequest;

    /// <summary>Events where plain (non-JSON) stdout of a successful hook becomes context for the model.</summary>
    public static bool TakesPlainTextContext(HookEvent hookEvent) =>
        hookEvent is HookEvent.UserPromptSubmit or HookEvent.SessionStart;

    /// <summary>Events an exit code 2 (or <c>decision: "block"</c>) can block.</summary>
    public static bool CanBlock(HookEvent hookEvent) => hookEvent is HookEvent.PreToolUse or HookEvent.PostToolUse
        or HookEvent.PostToolUseFailure or HookEvent.UserPromptSubmit or HookEvent.Stop or HookEvent.SubagentStop
        or HookEvent.PreCompact or HookEvent.PermissionRequest;

    /// <summary>Default seconds before a handler is cancelled (the reference client's current defaults).</summary>
    public static int DefaultTimeoutSeconds(HookEvent hookEvent) => hookEvent == HookEvent.UserPromptSubmit ? 30 : 600;

    /// <summary>A handler's default timeout: a model's answer is quick or not coming (prompt 30 s, agent 60 s).</summary>
    public static int DefaultTimeoutSeconds(HookEvent hookEvent, string handlerType) => handlerType switch
    {
        "prompt" => 30,
        "agent" => 60,
        _ => DefaultTimeoutSeconds(hookEvent),
    };
}
