namespace Keel.Core.Hooks;

/// <summary>The session facts every hook input carries.</summary>
/// <param name="SessionId">The session id.</param>
/// <param name="TranscriptPath">The JSONL transcript (null when persistence is off).</param>
/// <param name="ProjectDirectory">The project root, exported to hooks.</param>
/// <param name="CurrentDirectory">The current working directory (a Bash <c>cd</c> moves it).</param>
/// <param name="PermissionMode">The permission mode's name right now.</param>
public sealed record HookSessionInfo(string SessionId, string? TranscriptPath, string ProjectDirectory, Func<string> CurrentDirectory, Func<string> PermissionMode);
