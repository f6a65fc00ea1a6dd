using System.Globalization;
using System.Text;
using Keel.Core.Commands;
using Keel.Core.Compaction;
using Keel.Core.Prompts;

namespace Keel.Cli.Commands;

/// <summary><c>/context</c>: roughly how full the context window is, and with what.</summary>
public sealed class ContextCommand : ISlashCommand
{
    public string Name => "context";

    public string Description => "Show how much of the context window the conversation uses";

    public string? ArgumentHint => null;

    public string Source => "built-in";

    public ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken)
    {
        var loop = context.Loop;
        var messages = TokenEstimator.Estimate(loop.Messages);
        var tools = loop.OfferedTools.Sum(static t => TokenEstimator.Estimate(t.Description) + TokenEstimator.Estimate(t.InputSchema.GetRawText()));
        var system = TokenEstimator.Estimate(SystemPromptBuilder.StaticPart);
        var total = messages + tools + system;
        var text = new StringBuilder();
        if (loop.Compaction is { } compaction)
        {
            var window = compaction.Thresholds.Window;
            text.Append(CultureInfo.InvariantCulture, $"Context: about {total:N0} of {window:N0} tokens ({100.0 * total / window:0.0}%), estimated\n");
            text.Append(CultureInfo.InvariantCulture, $"Auto-compaction at about {compaction.Thresholds.AutoCompact:N0} tokens{(compaction.AutoCompactDisabled ? " (disabled after repeated failures)" : string.Empty)}\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"Context: about {total:N0} tokens, estimated\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"  System prompt (static part): ~{system:N0}\n");
        text.Append(CultureInfo.InvariantCulture, $"  Tools ({loop.OfferedTools.Count}): ~{tools:N0}\n");
        text.Append(CultureInfo.InvariantCulture, $"  Messages ({loop.Messages.Count}): ~{messages:N0}");
        return ValueTask.FromResult<SlashCommandResult>(new TextCommandResult(text.ToString()));
    }
}
