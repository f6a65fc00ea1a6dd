namespace Keel.Tools.Shell.Execution;

/// <summary>One stream as shown to the model: the whole text, or a preview plus the file holding all of it.</summary>
internal sealed record CapturedText(string Text, string? SpillPath);
