namespace Keel.Core.Tools;

/// <summary>What a surface shows for a call besides its summary: a typed payload, never re-parsed tool input.</summary>
public abstract record ToolDisplay;
