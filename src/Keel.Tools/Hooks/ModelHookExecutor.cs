using System.Text.Json;
using Keel.Core.Hooks;
using Keel.Core.Cost;
using Keel.Tools.Web;

namespace Keel.Tools.Hooks;

/// <summary>
/// Runs <c>prompt</c> hooks (one question to the small fast model) and <c>agent</c> hooks (a read-only subagent that may
/// look at files first). Either must answer <c>{"ok": true}</c> or <c>{"ok": false, "reason": "..."}</c>; "no" becomes exit
/// code 2 with the reason on stderr, so it blocks exactly where a command hook's exit 2 would.
/// </summary>
public sealed class ModelHookExecutor(SideModel side, Func<string, string?, CancellationToken, Task<string>>? agent, TimeProvider time) : IHookExecutor
{
    private const int MaxAnswerTokens = 1024;

    /// <summary>Set while an agent hook's subagent runs: hooks its own tool calls fire do not ask a model again.</summary>
    private static readonly AsyncLocal<bool> InsideHookAgent = new();

    public const string Instructions =
        "You are a check that a user configured in their coding agent. You are shown a condition and the JSON input of an " +
        "event in the agent's session (a tool call, a prompt, a stop). Decide whether the condition is met, which means the " +
        "action may go ahead. Reply with one JSON object and nothing else: {\"ok\": true} when it may go ahead, or " +
        "{\"ok\": false, \"reason\": \"<one sentence saying why not>\"} when it must not.";

    public async Task<HookExecution> ExecuteAsync(HookRequest request, CancellationToken cancellationToken)
    {
        if (InsideHookAgent.Value)
        {
            return new HookExecution(0, string.Empty, string.Empty);
        }

        var handler = request.Handler;
        var question = Question(handler.Prompt ?? string.Empty, request.Input);
        using var timeout = new CancellationTokenSource(request.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        string answer;
        try
        {
            if (handler.Type == "agent")
            {
                if (agent is null)
                {
                    return HookExecution.Failed("could not run: no subagents are available in this session");
                }

                InsideHookAgent.Value = true;
                answer = await agent($"{Instructions}\n\nYou may read files in the project (Read, Grep, Glob) before you decide.\n\n{question}", handler.Model, linked.Token);
            }
            else
            {
                var model = handler.Model is { } chosen ? ModelCatalog.Resolve(chosen) : null;
                var result = await side.SendAsync(Instructions, question, MaxAnswerTokens, null, linked.Token, model);
                if (result.Message is not { } message)
                {
                    // A model call stopped by the hook's own timeout is a timeout, whatever error the call reports.
                    return timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                        ? new HookExecution(null, string.Empty, string.Empty, TimedOut: true)
                        : HookExecution.Failed($"could not ask the model: {result.Error}");
                }

                answer = message.Message.Text;
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new HookExecution(null, string.Empty, string.Empty, TimedOut: true);
        }

        return Decide(answer);
    }

    /// <summary>The handler's prompt with <c>$ARGUMENTS</c> replaced by the input JSON (appended when it has no placeholder).</summary>
    public static string Question(string prompt, string input) =>
        prompt.Contains("$ARGUMENTS", StringComparison.Ordinal)
            ? prompt.Replace("$ARGUMENTS", input, StringComparison.Ordinal)
            : $"{prompt}\n\nEvent input:\n{input}";

    /// <summary>The model's <c>{ok, reason}</c> as an execution: ok is exit 0, not ok is exit 2 with the reason on stderr, anything else a failure.</summary>
    public static HookExecution Decide(string answer)
    {
        var start = answer.IndexOf('{', StringComparison.Ordinal);
        var end = answer.LastIndexOf('}');
        if (start >= 0 && end > start)
        {
            try
            {
                using var document = JsonDocument.Parse(answer[start..(end + 1)]);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ok", out var ok) && ok.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                    return ok.ValueKind == JsonValueKind.True
                        ? new HookExecution(0, string.Empty, string.Empty)
                        : new HookExecution(2, string.Empty, string.IsNullOrWhiteSpace(reason) ? "the hook's model said no (no reason given)" : reason);
                }
            }
            catch (JsonException)
            {
                // Falls through to the error below.
            }
        }

        var shown = answer.Trim();
        // Not a decision: reported as a failed hook (no exit code to speak of), and the event goes on.
        return HookExecution.Failed($"the model did not answer with {{\"ok\": ...}}: {(shown.Length > 200 ? shown[..200] + "…" : shown)}");
    }
}
