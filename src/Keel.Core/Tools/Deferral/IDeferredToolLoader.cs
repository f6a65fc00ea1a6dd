namespace Keel.Core.Tools.Deferral;

/// <summary>The tool that loads deferred tools (ToolSearch): offered only while some tool is deferred.</summary>
public interface IDeferredToolLoader : ITool
{
}
