using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Mcp.Client;

/// <summary>
/// <c>--permission-prompt-tool mcp__server__tool</c>: every "ask" calls that MCP tool with
/// <c>{"tool_name", "input"}</c> and reads its text answer, a JSON object
/// <c>{"behavior": "allow"|"deny", "message"?, "updatedInput"?}</c>. Anything else denies, with the reason.
/// </summary>
public sealed class McpPermissionPrompter(ITool promptTool, ToolSession session) : IPermissionPrompter
{
    public async ValueTask<PermissionAnswer> AskAsync(string toolName, JsonElement input, PermissionDecision decision, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.SerializeToElement(new PromptToolRequest(toolName, input), McpJsonContext.Default.PromptToolRequest);
        // The prompt tool answers for the user: it is called directly, not as a model's tool call.
        var decoded = promptTool.Decode(request, session);
        var result = decoded.Input is { } call
            ? await promptTool.ExecuteAsync(call, new ToolContext($"permission-{Guid.NewGuid():N}", session), cancellationToken).ConfigureAwait(false)
            : ToolResult.Error(decoded.Error!);
        if (result.IsError)
        {
            return new PermissionAnswer(PermissionAnswerKind.Reject, $"the permission prompt tool {promptTool.Name} failed: {result.Text}");
        }

        return Parse(result.Text, promptTool.Name);
    }

    public static PermissionAnswer Parse(string text, string toolName)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var behavior = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("behavior", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
            var message = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return behavior switch
            {
                "allow" => new PermissionAnswer(PermissionAnswerKind.AllowOnce),
                "deny" => new PermissionAnswer(PermissionAnswerKind.Reject, message ?? $"{toolName} denied it"),
                _ => new PermissionAnswer(PermissionAnswerKind.Reject, $"{toolName} answered without \"behavior\": \"allow\" or \"deny\""),
            };
        }
        catch (JsonException)
        {
            return new PermissionAnswer(PermissionAnswerKind.Reject, $"{toolName} did not answer with JSON: {Shorten(text)}");
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
