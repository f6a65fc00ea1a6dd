using Keel.Core.Tools;
using Keel.Tools.Search;

namespace Keel.Tools.Files;

/// <summary>The built-in file tools: Read, Write, Edit, Glob and Grep.</summary>
public static class FileTools
{
    /// <summary>New instances; cheap, since descriptions and schemas are built on first use.</summary>
    public static IReadOnlyList<ITool> CreateAll() => [new ReadTool(), new WriteTool(), new EditTool(), new GlobTool(), new GrepTool()];
}
