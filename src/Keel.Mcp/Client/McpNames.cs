namespace Keel.Mcp.Client;

/// <summary>Names as the model sees them: <c>mcp__&lt;server&gt;__&lt;tool&gt;</c>, limited to the API's character set.</summary>
public static class McpNames
{
    public const string Prefix = "mcp__";

    public static string Tool(string server, string tool) => $"{Prefix}{Sanitize(server)}__{Sanitize(tool)}";

    /// <summary>Characters the Messages API does not accept in tool names become '_'.</summary>
    public static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] is not '_' and not '-')
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }
}
