namespace Keel.Core.Tools;

/// <summary>A URL a call fetches.</summary>
public sealed record UrlDisplay(string Url) : ToolDisplay;
