using System.Globalization;
using Keel.Core.Commands;

namespace Keel.Core.Skills;

/// <summary>
/// <c>/loop [interval] &lt;prompt&gt;</c>, from the bundled <c>loop</c> skill: its body wraps the prompt for each run.
/// The prompt may itself be a slash command (<c>/loop 5m /review</c>), which then runs afresh every time.
/// </summary>
public sealed class LoopCommand(SkillDefinition skill) : ISlashCommand
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(10);

    public const string Usage = "Usage: /loop [interval] <prompt>, with the interval as a number and s, m, h or d (for example /loop 5m check the build); the default is every 10m.";

    public string Name => skill.Name;

    public string Description => skill.Description;

    public string? ArgumentHint => skill.ArgumentHint;

    public string Source => $"skill ({skill.Source})";

    public ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken)
    {
        var (interval, intervalText, prompt) = Split(arguments);
        if (interval is null || prompt.Length == 0)
        {
            return ValueTask.FromResult<SlashCommandResult>(new TextCommandResult(Usage, IsError: true));
        }

        return ValueTask.FromResult<SlashCommandResult>(new LoopCommandResult(interval.Value, intervalText, (run, ct) => NextAsync(prompt, intervalText, run, context, ct)));
    }

    /// <summary>The interval (null when the first word looks like one but is not valid), its text, and the prompt.</summary>
    public static (TimeSpan? Interval, string IntervalText, string Prompt) Split(string arguments)
    {
        var text = arguments.Trim();
        var space = text.IndexOfAny([' ', '\t', '\n']);
        var first = space < 0 ? text : text[..space];
        if (first.Length < 2 || !char.IsAsciiDigit(first[0]) || !first[..^1].All(char.IsAsciiDigit))
        {
            return (DefaultInterval, "10m", text);
        }

        var rest = space < 0 ? string.Empty : text[(space + 1)..].Trim();
        if (!long.TryParse(first[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0 || count > 100_000)
        {
            return (null, first, rest);
        }

        TimeSpan? interval = char.ToLowerInvariant(first[^1]) switch
        {
            's' => TimeSpan.FromSeconds(count),
            'm' => TimeSpan.FromMinutes(count),
            'h' => TimeSpan.FromHours(count),
            'd' => TimeSpan.FromDays(count),
            _ => null,
        };
        return (interval, first, rest);
    }

    private async ValueTask<PromptCommandResult> NextAsync(string prompt, string intervalText, int run, SlashCommandContext context, CancellationToken cancellationToken)
    {
        PromptCommandResult? inner = null;
        if (SlashCommandLine.TryParse(prompt, out var line) && context.Registry.Find(line.Name) is { } command and not LoopCommand)
        {
            inner = await command.ExecuteAsync(line.Arguments, context, cancellationToken) as PromptCommandResult;
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["KEEL_LOOP_INTERVAL"] = intervalText,
            ["KEEL_LOOP_RUN"] = run.ToString(CultureInfo.InvariantCulture),
        };
        var text = ArgumentExpander.Expand(skill.Body, inner?.Prompt ?? prompt, ArgumentNumbering.ZeroBased, variables).Trim();
        return new PromptCommandResult(text, inner?.AllowedTools, inner?.Model);
    }
}
