namespace Keel.Core.Model;

/// <summary>One text block of the system prompt; a breakpoint marks the end of a cacheable prefix.</summary>
public sealed record SystemBlock(string Text, bool CacheBreakpoint);
