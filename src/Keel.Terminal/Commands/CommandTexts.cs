using System.Globalization;
using System.Text;
using Keel.Core.Commands;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Permissions;

namespace Keel.Terminal.Commands;

/// <summary>The text reports of /help, /cost, /context and /status.</summary>
public static class CommandTexts
{
    public static string Help(SlashCommandRegistry registry)
    {
        var text = new StringBuilder("Commands:\n");
        foreach (var command in registry.All.OrderBy(static c => c.Name, StringComparer.Ordinal))
        {
            var name = command.ArgumentHint is null ? "/" + command.Name : $"/{command.Name} {command.ArgumentHint}";
            text.Append("  ").Append(name.PadRight(28)).Append(' ').Append(command.Description);
            if (command.Source != "built-in")
            {
                text.Append(" (").Append(command.Source).Append(')');
            }

            text.Append('\n');
        }

        text.Append("""
            Keys:
              Enter send · Shift+Enter or \ then Enter new line · Tab complete /commands and @files
              Up/Down history · Ctrl+R search history · Esc interrupt · Esc Esc rewind to an earlier prompt
              Shift+Tab cycle mode (default, acceptEdits, plan) · Ctrl+C clear, twice to exit · Ctrl+D exit
              !command run a shell command · #note add a line to AGENTS.md / KEEL.md
            """);
        return text.ToString();
    }

    /// <summary>The current model and every model the capabilities table knows, by provider.</summary>
    public static string Models(string current)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Model: {current}\n");
        foreach (var provider in ModelCatalog.All.GroupBy(static m => m.Provider, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{provider.Key}:\n");
            foreach (var model in provider)
            {
                var features = new List<string>();
                if (model.SupportsTools)
                {
                    features.Add("tools");
                }

                if (model.SupportsThinking)
                {
                    features.Add("thinking");
                }

                if (model.SupportsImages)
                {
                    features.Add("images");
                }

                text.Append(CultureInfo.InvariantCulture, $"  {model.Id}  {model.ContextWindow / 1000:N0}k context, ${model.InputPerMTok:0.##}/${model.OutputPerMTok:0.##} per MTok, {string.Join(", ", features)}\n");
            }
        }

        return text.Append("Switch with /model <name>: an alias (sonnet, opus, haiku), a model id, or provider/model.").ToString();
    }

    public static string Cost(SlashCommandContext context)
    {
        var cost = context.Loop.Cost;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Total cost: ${cost.TotalCostUsd:F4}\n");
        if (cost.ByModel.Count == 0)
        {
            return text.Append("No requests yet.").ToString();
        }

        var providers = cost.ByModel.GroupBy(static m => ModelCatalog.Get(m.Model).Provider, StringComparer.Ordinal).ToList();
        if (providers.Count > 1)
        {
            foreach (var provider in providers)
            {
                text.Append(CultureInfo.InvariantCulture, $"{provider.Key}: ${provider.Sum(static m => m.CostUsd):F4}, {provider.Sum(static m => m.Requests)} requests\n");
            }
        }

        foreach (var model in cost.ByModel)
        {
            var u = model.Usage;
            text.Append(CultureInfo.InvariantCulture, $"  {model.Model}: {model.Requests} requests, {u.InputTokens:N0} input, {u.OutputTokens:N0} output, {u.CacheReadInputTokens:N0} cache read, {u.CacheCreationInputTokens:N0} cache write tokens, ${model.CostUsd:F4}\n");
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Estimated tokens (4 characters each) of the system prompt, tool definitions and messages, against the window.</summary>
    public static string Context(SlashCommandContext context, Func<string, string?> getEnv)
    {
        var loop = context.Loop;
        long system = loop.Options.System.Sum(static b => (long)b.Text.Length) / 4;
        long tools = loop.OfferedTools.Sum(static t => (long)(t.Name.Length + t.Description.Length + t.InputSchema.GetRawText().Length)) / 4;
        long user = 0;
        long assistant = 0;
        long toolResults = 0;
        foreach (var message in loop.Messages)
        {
            foreach (var block in message.Content)
            {
                var size = Size(block) / 4;
                if (block is ToolResultBlock)
                {
                    toolResults += size;
                }
                else if (message.Role == Role.User)
                {
                    user += size;
                }
                else
                {
                    assistant += size;
                }
            }
        }

        var window = ModelCatalog.ContextWindowFor(loop.Model, getEnv);
        var total = system + tools + user + assistant + toolResults;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Context: ~{total:N0} of {window:N0} tokens ({100.0 * total / window:F1}%), estimated\n");
        Row(text, "System prompt", system, window);
        Row(text, $"Tools ({loop.OfferedTools.Count})", tools, window);
        Row(text, "Your messages", user, window);
        Row(text, "Assistant messages", assistant, window);
        Row(text, "Tool results", toolResults, window);
        Row(text, "Free", Math.Max(0, window - total), window);
        return text.ToString().TrimEnd();
    }

    public static string Status(SlashCommandContext context, string version)
    {
        var text = new StringBuilder();
        text.Append("Keel ").Append(version).Append('\n');
        text.Append("Session: ").Append(context.Loop.SessionId).Append('\n');
        text.Append("Directory: ").Append(context.Tools.CurrentDirectory).Append('\n');
        text.Append("Model: ").Append(context.Loop.Model).Append('\n');
        text.Append("Mode: ").Append(PermissionModes.Name(context.Policy.Context.Mode)).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Messages: {context.Loop.Messages.Count} · cost ${context.Loop.Cost.TotalCostUsd:F4}\n");
        text.Append("Settings:");
        if (context.Settings.Layers.Count == 0)
        {
            text.Append(" none");
        }

        foreach (var layer in context.Settings.Layers)
        {
            text.Append("\n  ").Append(layer.Source).Append(": ").Append(layer.Path);
        }

        return text.ToString();
    }

    private static long Size(ContentBlock block) => block switch
    {
        TextBlock t => t.Text.Length,
        ThinkingBlock t => t.Thinking.Length,
        ToolUseBlock t => t.Name.Length + t.Input.GetRawText().Length,
        ToolResultBlock r => r.Content.Sum(Size),
        ImageBlock => 6_000,
        _ => 0,
    };

    private static void Row(StringBuilder text, string label, long tokens, long window) =>
        text.Append(CultureInfo.InvariantCulture, $"  {label,-22} {tokens,10:N0}  {100.0 * tokens / window,5:F1}%\n");
}
