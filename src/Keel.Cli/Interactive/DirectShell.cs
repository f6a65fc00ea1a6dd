using System.Text.Json;
using Keel.Cli.Composition;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;
using Keel.Terminal.Repl;

namespace Keel.Cli.Interactive;

/// <summary>
/// <c>!command</c> typed at the prompt: the user's own command, run as a Bash call through the session's tool-call
/// pipeline with the session's Bash tool (so <c>--sandbox</c> applies), its hooks and deny rules. Nothing asks: the
/// dialog that guards the model's calls would only ask the user about what they just typed.
/// </summary>
internal static class DirectShell
{
    public static async Task<ShellResult> RunAsync(string command, SessionSetup setup, CancellationToken cancellationToken)
    {
        if (setup.Extensions.Shell is not { } bash)
        {
            return new ShellResult("Not run: this session has no shell tool.", IsError: true);
        }

        var pipeline = setup.Pipeline.With(p => p with { Tools = [bash], Asker = new TypedByTheUser() });
        var call = new ToolUseBlock("direct-" + Guid.NewGuid().ToString("N")[..8], bash.Name, CommandInput(command));
        var outcome = await pipeline.RunAsync(call, null, cancellationToken);
        if (outcome.Decision.Behavior != PermissionBehavior.Allow)
        {
            return new ShellResult($"Not run: {outcome.Decision.Reason}", IsError: true);
        }

        return new ShellResult(outcome.Result.Text, outcome.Result.IsError);
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

    /// <summary>What would ask for a model's call is the user's own command here: allowed (deny rules decided before).</summary>
    private sealed class TypedByTheUser : IPermissionAsker
    {
        public ValueTask<PermissionAnswer> AskAsync(PermissionAsk ask, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new PermissionAnswer(PermissionAnswerKind.AllowOnce));
    }
}
