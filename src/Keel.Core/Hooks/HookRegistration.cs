namespace Keel.Core.Hooks;

/// <summary>A handler attached to an event under a matcher, with the settings layer it came from.</summary>
public sealed record HookRegistration(HookEvent Event, string? Matcher, HookHandler Handler, string Source);
