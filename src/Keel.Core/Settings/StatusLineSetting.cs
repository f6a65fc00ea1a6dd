namespace Keel.Core.Settings;

/// <summary>The <c>statusLine</c> setting: a shell command whose output replaces the status bar.</summary>
public sealed record StatusLineSetting(string Command, int Padding = 0);
