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

    /// <summary>Makes a worktree instead of git (<c>-w</c>, isolated agents); prints the new folder's path.</summary>
    WorktreeCreate,

    /// <summary>Removes a worktree a WorktreeCreate hook made, once nothing changed in it.</summary>
    WorktreeRemove,
}
