namespace Keel.Core.Tools;

/// <summary>A shell command and the directory it runs in.</summary>
public sealed record CommandDisplay(string Command, string WorkingDirectory, string? Description) : ToolDisplay;
