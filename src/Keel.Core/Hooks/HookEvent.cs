namespace Keel.Core.Hooks;

/// <summary>The lifecycle points a hook can attach to; names match the settings keys.</summary>
public enum HookEvent
{
    PreToolUse,
    PostToolUse,
    PostToolUseFailure,
    PermissionRequest,
    UserPromptSubmit,
    Stop,
    SubagentStop,
    PreCompact,
    PostCompact,
    SessionStart,
    SessionEnd,
    Notification,
}
