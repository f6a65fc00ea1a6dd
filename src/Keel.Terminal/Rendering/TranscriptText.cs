using System.Text.Json;
using Keel.Core.Messages;
using Keel.Terminal.Rendering.Text;

namespace Keel.Terminal.Rendering;

/// <summary>
/// The whole conversation with nothing collapsed (Ctrl+O): prompts, answers, thinking in full, every tool call's
/// input as indented JSON and its whole result.
/// </summary>
public static class TranscriptText
{
    /// <summary>Beyond this many lines a single tool result is cut (head and tail kept): the view must stay responsive.</summary>
    public const int MaxResultLines = 2_000;

    public static IReadOnlyList<string> Lines(IReadOnlyList<Message> messages, int width, RenderOptions options)
    {
        var style = new Styler(options);
        var lines = new List<string>();
        width = Math.Max(10, width);
        foreach (var message in messages)
        {
            foreach (var block in message.Content)
            {
                var before = lines.Count;
                switch (block)
                {
                    case TextBlock { Text.Length: > 0 } text when message.Role == Role.User:
                        Add(lines, text.Text, width, style.Bold(style.Glyph("❯", ">")) + " ", "  ");
                        break;
                    case TextBlock { Text.Length: > 0 } text:
                        Add(lines, text.Text, width, style.Glyph("●", "*") + " ", "  ");
                        break;
                    case ThinkingBlock { Thinking.Length: > 0 } thinking:
                        lines.Add(style.Dim($"{style.Glyph("✻", "*")} Thinking"));
                        Add(lines, thinking.Thinking, width, "  ", "  ", style.Dim);
                        break;
                    case ToolUseBlock call:
                        lines.Add(style.Bold($"{style.Glyph("●", "*")} {DisplayWidth.Sanitize(call.Name)}"));
                        Add(lines, Pretty(call.Input), width, "    ", "    ");
                        break;
                    case ToolResultBlock result:
                        var output = string.Concat(result.Content.OfType<TextBlock>().Select(static b => b.Text));
                        var all = output.TrimEnd('\n').Split('\n');
                        var shown = all.Length <= MaxResultLines ? all : [.. all.Take(MaxResultLines / 2), $"… {all.Length - MaxResultLines} lines …", .. all.TakeLast(MaxResultLines / 2)];
                        Add(lines, string.Join('\n', shown), width, "  " + style.Dim(style.Glyph("⎿", "|")) + " ", "    ", result.IsError ? style.Red : null);
                        break;
                }

                if (lines.Count > before)
                {
                    lines.Add(string.Empty);
                }
            }
        }

        return lines;
    }

    private static string Pretty(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.Undefined)
        {
            return "{}";
        }

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            input.WriteTo(w);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Add(List<string> lines, string text, int width, string lead, string indent, Func<string, string>? paint = null)
    {
        foreach (var line in DisplayWidth.ExpandTabs(DisplayWidth.Sanitize(text.Replace("\r\n", "\n", StringComparison.Ordinal))).Split('\n'))
        {
            AnsiWrapper.Wrap(paint is null ? line : paint(line), width, lines, lead, indent);
            lead = indent;
        }
    }
}
