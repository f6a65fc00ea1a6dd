using System.Globalization;
using System.Text;
using Keel.Core.Commands;

namespace Keel.Cli.Commands;

/// <summary><c>/cost</c>: what this session has spent, per model.</summary>
public sealed class CostCommand : ISlashCommand
{
    public string Name => "cost";

    public string Description => "Show the session's cost and token usage";

    public string? ArgumentHint => null;

    public string Source => "built-in";

    public ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken)
    {
        var cost = context.Loop.Cost;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Total cost: ${cost.TotalCostUsd:0.0000}\n");
        var usage = cost.TotalUsage;
        text.Append(CultureInfo.InvariantCulture, $"Tokens: {usage.InputTokens} input, {usage.OutputTokens} output, {usage.CacheReadInputTokens} cache read, {usage.CacheCreationInputTokens} cache write\n");
        foreach (var model in cost.ByModel)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {model.Model}: ${model.CostUsd:0.0000}\n");
        }

        return ValueTask.FromResult<SlashCommandResult>(new TextCommandResult(text.ToString().TrimEnd()));
    }
}
