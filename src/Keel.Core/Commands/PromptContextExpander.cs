using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Keel.Core.Hooks;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;

namespace Keel.Core.Commands;

/// <summary>
/// Runs the dynamic parts of a command or skill body in one pass (output is not scanned again):
/// <c>!`cmd`</c> (at a line start or after whitespace) and <c>```!</c> fenced blocks run through the
/// tool-call pipeline like a Bash tool call (schema, hooks, permissions, sandbox) and are replaced by their output; <c>@path</c>
/// inlines a file when reading it would be allowed. Nothing here ever asks the user: whatever is not
/// allowed outright is reported in place of the output and not run.
/// </summary>
public sealed partial class PromptContextExpander(ITool? shell, PermissionEngine policy, ToolSession session, HookRunner? hooks = null)
{
    /// <summary>The largest file inlined by <c>@path</c>; a longer file is cut with a note.</summary>
    public const int MaxFileChars = 100_000;

    public async Task<string> ExpandAsync(string text, CancellationToken cancellationToken)
    {
        var matches = Dynamic().Matches(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var output = new StringBuilder(text.Length + 1024);
        var last = 0;
        foreach (Match match in matches)
        {
            output.Append(text, last, match.Index - last);
            last = match.Index + match.Length;
            if (match.Groups["fence"].Success)
            {
                output.Append(await RunAsync(match.Groups["fence"].Value.Trim(), cancellationToken)).Append('\n');
            }
            else if (match.Groups["inline"].Success)
            {
                output.Append(await RunAsync(match.Groups["inline"].Value.Trim(), cancellationToken));
            }
            else
            {
                output.Append(Include(match.Groups["file"].Value) ?? match.Value);
            }
        }

        output.Append(text, last, text.Length - last);
        return output.ToString();
    }

    private async Task<string> RunAsync(string command, CancellationToken cancellationToken)
    {
        if (shell is null)
        {
            return $"[!`{command}` was not run: no shell tool is available]";
        }

        using var document = JsonDocument.Parse(JsonSerializerHelpers.CommandInput(command));
        var asker = new RefusingAsker();
        var pipeline = new ToolPipeline(new ToolPipelineParts([shell], policy, asker, session) { Hooks = hooks });
        var outcome = await pipeline.RunAsync(new ToolUseBlock($"command-context-{Guid.NewGuid():N}", shell.Name, document.RootElement.Clone()), null, cancellationToken);
        if (asker.Asked is { } asked)
        {
            return $"[!`{command}` was not run: it needs approval (add it to allowed-tools): {asked.Reason}]";
        }

        if (outcome.Decision.Behavior != PermissionBehavior.Allow)
        {
            return $"[!`{command}` was not run: it is denied: {outcome.Decision.Reason}]";
        }

        return outcome.Result.Text.TrimEnd('\n');
    }

    private string? Include(string rawPath)
    {
        var path = rawPath.TrimEnd('.', ',', ';', ':', '!', '?', ')');
        if (path.Length == 0)
        {
            return null;
        }

        var full = session.ResolvePath(path);
        if (!File.Exists(full))
        {
            return null;
        }

        var suffix = rawPath[path.Length..];
        // A read of the file, decided as any tool's read of a path is: read rules, the working directories, the mode.
        var decision = policy.Paths.Check(full, PathAccess.Read, session.CurrentDirectory);
        if (decision.Behavior != PermissionBehavior.Allow)
        {
            return $"@{path} [not included: {decision.Reason}]{suffix}";
        }

        string content;
        try
        {
            content = File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"@{path} [not included: {ex.Message}]{suffix}";
        }

        if (content.Length > MaxFileChars)
        {
            content = content[..MaxFileChars] + $"\n[... cut at {MaxFileChars} characters]";
        }

        return $"@{path}{suffix}\n<file path=\"{path}\">\n{content.TrimEnd('\n')}\n</file>\n";
    }

    [GeneratedRegex(@"^```!\s*\n(?<fence>.*?)\n```[ \t]*$|(?<=^|\s)!`(?<inline>[^`\n]+)`|(?<=^|\s)@(?<file>[^\s@`]+)", RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Dynamic();

    /// <summary>Nothing here asks the user: whatever would ask is refused, and remembered for the message.</summary>
    private sealed class RefusingAsker : IPermissionAsker
    {
        public PermissionDecision? Asked { get; private set; }

        public ValueTask<PermissionAnswer> AskAsync(PermissionAsk ask, CancellationToken cancellationToken)
        {
            Asked = ask.Decision;
            return ValueTask.FromResult(new PermissionAnswer(PermissionAnswerKind.Reject));
        }
    }
}
