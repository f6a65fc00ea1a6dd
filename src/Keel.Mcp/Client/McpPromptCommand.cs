using System.Text;
using Keel.Core.Commands;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Keel.Mcp.Client;

/// <summary>
/// A server prompt as <c>/mcp__server__prompt args</c>. Words of the argument line fill the prompt's
/// declared arguments in order (quotes group words; the last argument takes the rest of the line).
/// </summary>
public sealed class McpPromptCommand(McpServerConnection server, Prompt prompt) : ISlashCommand
{
    public string Name { get; } = McpNames.Tool(server.Name, prompt.Name);

    public string Description => prompt.Description ?? prompt.Title ?? $"Prompt {prompt.Name} from {server.Name}";

    public string? ArgumentHint => prompt.Arguments is { Count: > 0 } args
        ? string.Join(' ', args.Select(static a => a.Required == true ? $"<{a.Name}>" : $"[{a.Name}]"))
        : null;

    public string Source => $"mcp:{server.Name}";

    public async ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken)
    {
        var (client, problem) = server.Live();
        if (client is null)
        {
            return new TextCommandResult($"/{Name}: {problem}", IsError: true);
        }

        var declared = prompt.Arguments ?? [];
        var values = Split(arguments, declared.Count);
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < declared.Count && i < values.Count; i++)
        {
            map[declared[i].Name] = values[i];
        }

        var missing = declared.Where(a => a.Required == true && !map.ContainsKey(a.Name)).Select(static a => a.Name).ToList();
        if (missing.Count > 0)
        {
            return new TextCommandResult($"/{Name} needs {string.Join(", ", missing)}. Usage: /{Name} {ArgumentHint}", IsError: true);
        }

        try
        {
            var result = await client.GetPromptAsync(prompt.Name, map, cancellationToken: cancellationToken).ConfigureAwait(false);
            var text = new StringBuilder();
            foreach (var message in result.Messages)
            {
                if (McpContent.Map(message.Content) is Keel.Core.Messages.TextBlock block)
                {
                    if (text.Length > 0)
                    {
                        text.Append("\n\n");
                    }

                    text.Append(block.Text);
                }
            }

            return text.Length == 0
                ? new TextCommandResult($"/{Name}: the server returned an empty prompt.", IsError: true)
                : new PromptCommandResult(text.ToString());
        }
        catch (McpException ex)
        {
            return new TextCommandResult($"/{Name} failed: {ex.Message}", IsError: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return new TextCommandResult($"/{Name} failed: {server.Live().Problem ?? McpServerConnection.Describe(ex)}", IsError: true);
        }
    }

    /// <summary>Splits into at most <paramref name="count"/> values; the last one keeps the rest of the line.</summary>
    public static IReadOnlyList<string> Split(string line, int count)
    {
        var values = new List<string>();
        var rest = line.Trim();
        while (rest.Length > 0 && values.Count < count)
        {
            if (values.Count == count - 1)
            {
                values.Add(Unquote(rest));
                break;
            }

            string word;
            if (rest[0] is '"' or '\'' && rest.IndexOf(rest[0], 1) is var close and > 0)
            {
                word = rest[1..close];
                rest = rest[(close + 1)..].TrimStart();
            }
            else
            {
                var space = rest.IndexOfAny([' ', '\t']);
                word = space < 0 ? rest : rest[..space];
                rest = space < 0 ? string.Empty : rest[space..].TrimStart();
            }

            values.Add(word);
        }

        return values;
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] is '"' or '\'' && text[^1] == text[0] ? text[1..^1] : text;
}
