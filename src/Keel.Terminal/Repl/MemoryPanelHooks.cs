namespace Keel.Terminal.Repl;

/// <summary>What <c>/memory</c> needs from the session: a description of what was loaded and why, the memory files, and the auto memory switch.</summary>
public sealed record MemoryPanelHooks(Func<string> Describe, Func<IReadOnlyList<string>> Files, Func<bool> Enabled, Func<string> Toggle);
