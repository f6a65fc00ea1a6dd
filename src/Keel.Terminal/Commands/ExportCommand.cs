using System.Text;
using System.Text.Json;
using Keel.Core.Commands;
using Keel.Core.Messages;

namespace Keel.Terminal.Commands;

/// <summary>/export [file]: the conversation as Markdown (prompts, answers, tool calls with short results).</summary>
public static class ExportCommand
{
    public static SlashCommandResult Run(string arguments, SlashCommandContext context, TimeProvider time)
    {
        var name = arguments.Trim();
        if (name.Length == 0)
        {
            name = $"keel-conversation-{time.GetLocalNow():yyyy-MM-dd-HHmmss}.md";
        }

        var path = Path.GetFullPath(name, context.Tools.CurrentDirectory);
        try
        {
            File.WriteAllText(path, Render(context.Loop.Messages));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new TextCommandResult($"Could not write {path}: {ex.Message}", IsError: true);
        }

        return new TextCommandResult($"Conversation exported to {path}");
    }

    public static string Render(IReadOnlyList<Message> messages)
    {
        var text = new StringBuilder("# Keel conversation\n");
        foreach (var message in messages)
        {
            foreach (var block in message.Content)
            {
                switch (block)
                {
                    case TextBlock t when message.Role == Role.User:
                        text.Append("\n## You\n\n").Append(t.Text).Append('\n');
                        break;
                    case TextBlock t:
                        text.Append("\n## Keel\n\n").Append(t.Text).Append('\n');
                        break;
                    case ToolUseBlock call:
                        text.Append("\n**Tool: ").Append(call.Name).Append("**\n\n```json\n").Append(Indented(call.Input)).Append("\n```\n");
                        break;
                    case ToolResultBlock result:
                        var output = string.Concat(result.Content.OfType<TextBlock>().Select(static b => b.Text));
                        if (output.Length > 2000)
                        {
                            output = output[..2000] + "\n…";
                        }

                        text.Append(result.IsError ? "\nResult (error):\n\n```\n" : "\nResult:\n\n```\n").Append(output).Append("\n```\n");
                        break;
                }
            }
        }

        return text.ToString();
    }

    private static string Indented(JsonElement element)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
