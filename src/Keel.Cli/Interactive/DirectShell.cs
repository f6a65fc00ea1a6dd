using System.Text.Json;
using Keel.Cli.Composition;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Terminal.Repl;
using Keel.Tools.Shell;

namespace Keel.Cli.Interactive;

/// <summary>
/// <c>!command</c> typed at the prompt: run by the Bash tool after the same permission pipeline a model call
/// goes through (deny rules hold; an "ask" shows the dialog).
/// </summary>
internal static class DirectShell
{
    private static ITool? _bash;

    public static async Task<ShellResult> RunAsync(string command, SessionSetup setup, IPermissionPrompter prompter, CancellationToken cancellationToken)
    {
        var bash = _bash ??= ShellTools.CreateBash();
        var input = CommandInput(command);
        var decision = setup.Policy.Decide(bash, input, setup.Tools);
        if (decision.Behavior == PermissionBehavior.Ask)
        {
            var answer = await prompter.AskAsync(bash.Name, input, decision, cancellationToken);
            if (answer.Kind == PermissionAnswerKind.Reject)
            {
                return new ShellResult("Not run: permission declined.", IsError: true);
            }
        }
        else if (decision.Behavior == PermissionBehavior.Deny)
        {
            return new ShellResult($"Not run: {decision.Reason}", IsError: true);
        }

        var result = await bash.ExecuteAsync(input, new ToolContext("direct-" + Guid.NewGuid().ToString("N")[..8], setup.Tools), cancellationToken);
        return new ShellResult(string.Concat(result.Content.OfType<TextBlock>().Select(static b => b.Text)), result.IsError);
    }

    private static JsonElement CommandInput(string command)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("command", command);
            w.WriteEndObject();
        }

        using var doc = JsonDocument.Parse(stream.ToArray());
        return doc.RootElement.Clone();
    }
}
