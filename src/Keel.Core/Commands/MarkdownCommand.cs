using Keel.Core.Markdown;

namespace Keel.Core.Commands;

/// <summary>
/// A custom command from a Markdown file (<c>.keel/commands/review.md</c> is <c>/review</c>). Running it
/// fills in the arguments, runs its <c>!`cmd`</c> lines with its allowed-tools allowed, inlines
/// <c>@file</c>s, and sends the result as the user's turn with its allowed-tools and model.
/// </summary>
public sealed class MarkdownCommand : ISlashCommand
{
    private readonly string _body;

    public MarkdownCommand(string name, string source, string path, FrontMatter file, string? label = null)
    {
        Name = name;
        Source = source;
        Path = path;
        _body = file.Body;
        Description = file.Get("description") ?? FirstLine(file.Body) ?? "(no description)";
        if (label is not null)
        {
            Description += $" ({label})";
        }

        ArgumentHint = file.Get("argument-hint");
        AllowedTools = file.GetList("allowed-tools");
        Model = file.Get("model");
        DisableModelInvocation = file.GetBool("disable-model-invocation") ?? false;
    }

    public string Name { get; }

    public string Description { get; }

    public string? ArgumentHint { get; }

    /// <summary><c>project</c> or <c>user</c>.</summary>
    public string Source { get; }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    public IReadOnlyList<string> AllowedTools { get; }

    public string? Model { get; }

    /// <summary>Recorded for when the model can invoke commands itself; Keel lists only skills to the model today.</summary>
    public bool DisableModelInvocation { get; }

    public async ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["KEEL_PROJECT_DIR"] = context.Tools.ProjectDirectory,
            ["CLAUDE_PROJECT_DIR"] = context.Tools.ProjectDirectory,
            ["KEEL_SESSION_ID"] = context.Loop.SessionId,
            ["CLAUDE_SESSION_ID"] = context.Loop.SessionId,
        };
        var text = ArgumentExpander.Expand(_body, arguments, ArgumentNumbering.CommandFile, variables);

        // The command's allowed-tools already count for its own !`cmd` lines.
        using (context.Policy.BeginTurn(AllowedTools))
        {
            text = await context.ContextExpander().ExpandAsync(text, cancellationToken);
        }

        return new PromptCommandResult(text.Trim(), AllowedTools, Model);
    }

    internal static string? FirstLine(string body)
    {
        foreach (var line in body.Split('\n'))
        {
            var trimmed = line.Trim().TrimStart('#').Trim();
            if (trimmed.Length > 0)
            {
                return trimmed.Length > 100 ? trimmed[..100] + "…" : trimmed;
            }
        }

        return null;
    }
}
