using Keel.Core.Messages;

namespace Keel.Providers.OpenAI;

/// <summary>Helpers shared by the two OpenAI request writers.</summary>
internal static class OpenAIContent
{
    public static string SystemText(IReadOnlyList<Keel.Core.Model.SystemBlock> system) =>
        string.Join("\n\n", system.Select(static b => b.Text));

    /// <summary>A tool result as text: its text blocks joined; images are described (tool messages carry text only).</summary>
    public static string ToolResultText(ToolResultBlock result)
    {
        var parts = new List<string>();
        foreach (var block in result.Content)
        {
            parts.Add(block switch
            {
                TextBlock t => t.Text,
                ImageBlock i => $"[image {i.MediaType} attached below]",
                _ => string.Empty,
            });
        }

        var text = string.Join("\n", parts.Where(static p => p.Length > 0));
        return result.IsError ? "Error: " + text : text;
    }

    public static string DataUrl(ImageBlock image) => $"data:{image.MediaType};base64,{image.Base64Data}";

    /// <summary>Keel's thinking settings as an OpenAI reasoning effort (low, medium, high), or null when thinking is off.</summary>
    public static string? ReasoningEffort(Keel.Core.Model.ThinkingConfig? thinking) => thinking switch
    {
        null => null,
        { Effort: { } effort } => effort switch
        {
            "low" or "minimal" => "low",
            "medium" => "medium",
            _ => "high",
        },
        { BudgetTokens: { } budget } => budget switch
        {
            < 4_096 => "low",
            < 16_384 => "medium",
            _ => "high",
        },
        _ => null,
    };

    public static string StopReason(string? finishReason, bool sawToolCall) => finishReason switch
    {
        "tool_calls" or "function_call" => "tool_use",
        "length" => "max_tokens",
        "content_filter" => "refusal",
        _ when sawToolCall => "tool_use",
        _ => "end_turn",
    };
}
