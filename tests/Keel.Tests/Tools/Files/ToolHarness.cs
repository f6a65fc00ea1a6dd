using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Core.Tools;

namespace Keel.Tests.Tools.Files;

/// <summary>A real temp directory with a tool session rooted in it.</summary>
public sealed class ToolHarness : IDisposable
{
    public ToolHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "keel-ft-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Session = new ToolSession(Root, [], Path.Combine(Root, ".session"), TimeProvider.System);
    }

    public string Root { get; }

    public ToolSession Session { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<ToolResult> RunAsync(ITool tool, JsonObject input)
    {
        using var document = JsonDocument.Parse(input.ToJsonString());
        return await tool.ExecuteAsync(document.RootElement.Clone(), new ToolContext("toolu_test", Session), CancellationToken.None);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
