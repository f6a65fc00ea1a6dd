namespace Keel.Core.Tools;

/// <summary>A file a call reads and returns as numbered lines (cards say how many lines came back).</summary>
public sealed record FileReadDisplay(string Path) : ToolDisplay;
