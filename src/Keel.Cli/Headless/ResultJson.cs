using System.Text.Json;
using Keel.Core.Agent;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Sessions;

namespace Keel.Cli.Headless;

/// <summary>
/// The final result object, in the field names existing tooling already parses
/// (<c>type</c>, <c>subtype</c>, <c>is_error</c>, <c>result</c>, <c>total_cost_usd</c>, ...).
/// </summary>
public static class ResultJson
{
    public static bool IsError(TurnFinished finished) => finished.Reason != TerminalReason.Completed;

    /// <summary>True when the run had to end with structured data (--json-schema) and the model never gave it.</summary>
    public static bool MissesStructuredOutput(TurnFinished finished, HeadlessContext context) =>
        context.Structured is { Output: null } && finished.Reason == TerminalReason.Completed;

    public static string Subtype(TurnFinished finished, HeadlessContext context) =>
        MissesStructuredOutput(finished, context) ? "error_max_structured_output_retries" : Subtype(finished);

    public static string Subtype(TurnFinished finished) => finished.Reason switch
    {
        TerminalReason.Completed => "success",
        TerminalReason.MaxTurns => "error_max_turns",
        TerminalReason.BudgetExceeded => "error_max_budget_usd",
        // An API failure still reports "success" with is_error, as the reference client does.
        TerminalReason.ModelError or TerminalReason.PromptTooLong => "success",
        _ => "error_during_execution",
    };

    public static string TerminalReasonName(TerminalReason reason) => reason switch
    {
        TerminalReason.Completed => "completed",
        TerminalReason.MaxTurns => "max_turns",
        TerminalReason.BudgetExceeded => "budget_exhausted",
        TerminalReason.Aborted => "aborted_streaming",
        TerminalReason.PromptTooLong => "prompt_too_long",
        TerminalReason.ModelError => "api_error",
        TerminalReason.HookStopped => "hook_stopped",
        TerminalReason.BlockingLimit => "blocking_limit",
        _ => reason.ToString().ToLowerInvariant(),
    };

    /// <summary>The human-readable outcome: the model's answer, or what went wrong.</summary>
    public static string ResultText(TurnFinished finished, int? maxTurns) => finished.Reason switch
    {
        TerminalReason.Completed => finished.ResultText,
        TerminalReason.MaxTurns => $"Reached the maximum number of turns ({maxTurns ?? finished.NumTurns}).",
        TerminalReason.Aborted => "The run was interrupted.",
        TerminalReason.HookStopped => finished.ResultText.Length > 0 ? finished.ResultText : "A hook stopped the run.",
        TerminalReason.BudgetExceeded => "Stopped by the --max-budget-usd limit. " + (finished.Detail ?? "The session's cost reached it."),
        TerminalReason.PromptTooLong => (finished.Error?.Describe() ?? "Prompt is too long.") + " The conversation is too long for the model's context window.",
        _ when finished.Error is { Category: ModelErrorCategory.ModelNotFound } notFound =>
            notFound.Describe() + " Check the model name: --model takes an alias (sonnet, opus, haiku), a model id or provider/model.",
        TerminalReason.BlockingLimit => "Stopped at the context limit: the conversation no longer fits the model's context window and automatic compaction could not free enough room. Compact with a focus (/compact) or start a new session.",
        _ => finished.Error?.Describe() ?? "The run failed.",
    };

    public static void Write(Utf8JsonWriter w, TurnFinished finished, HeadlessContext context, int? maxTurns)
    {
        var session = context.Session;
        var missing = MissesStructuredOutput(finished, context);
        var isError = IsError(finished) || missing;
        var text = missing
            ? $"The model did not return structured output matching the schema (reminded {context.StructuredRetries} times)."
            : ResultText(finished, maxTurns);
        w.WriteStartObject();
        w.WriteString("type", "result");
        w.WriteString("subtype", Subtype(finished, context));
        w.WriteBoolean("is_error", isError);
        w.WriteNumber("duration_ms", (long)context.Report.Elapsed.TotalMilliseconds);
        w.WriteNumber("duration_api_ms", (long)context.Report.ApiTime.TotalMilliseconds);
        w.WriteNumber("num_turns", finished.NumTurns);
        MessageJson.WriteLongString(w, "result", text);
        w.WriteString("stop_reason", finished.StopReason);
        w.WriteString("session_id", session.SessionId);
        w.WriteNumber("total_cost_usd", session.Loop.Cost.TotalCostUsd);
        WriteUsage(w, session.Loop.Cost);
        WriteModelUsage(w, session.Loop.Cost);
        w.WritePropertyName("permission_denials");
        w.WriteStartArray();
        foreach (var (tool, id, input) in context.Report.PermissionDenials)
        {
            w.WriteStartObject();
            w.WriteString("tool_name", tool);
            w.WriteString("tool_use_id", id);
            w.WritePropertyName("tool_input");
            input.WriteTo(w);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("terminal_reason", missing ? "structured_output_retry_exhausted"
            : finished.Reason == TerminalReason.Aborted && context.Report.ToolsRunning ? "aborted_tools" : TerminalReasonName(finished.Reason));
        if (finished.Error?.Status is { } status)
        {
            w.WriteNumber("api_error_status", status);
        }
        else
        {
            w.WriteNull("api_error_status");
        }

        if (context.Structured?.Output is { } structured && !missing)
        {
            w.WritePropertyName("structured_output");
            structured.WriteTo(w);
        }

        if (isError)
        {
            w.WritePropertyName("errors");
            w.WriteStartArray();
            w.WriteStringValue(text);
            w.WriteEndArray();
        }

        w.WriteString("uuid", Guid.NewGuid().ToString());
        w.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter w, CostTracker cost)
    {
        var total = cost.TotalUsage;
        w.WritePropertyName("usage");
        w.WriteStartObject();
        w.WriteNumber("input_tokens", total.InputTokens);
        w.WriteNumber("cache_creation_input_tokens", total.CacheCreationInputTokens);
        w.WriteNumber("cache_read_input_tokens", total.CacheReadInputTokens);
        w.WriteNumber("output_tokens", total.OutputTokens);
        w.WritePropertyName("server_tool_use");
        w.WriteStartObject();
        w.WriteNumber("web_search_requests", 0);
        w.WriteEndObject();
        w.WriteString("service_tier", "standard");
        w.WriteEndObject();
    }

    private static void WriteModelUsage(Utf8JsonWriter w, CostTracker cost)
    {
        w.WritePropertyName("modelUsage");
        w.WriteStartObject();
        foreach (var model in cost.ByModel)
        {
            var info = ModelCatalog.Get(model.Model);
            w.WritePropertyName(model.Model);
            w.WriteStartObject();
            w.WriteNumber("inputTokens", model.Usage.InputTokens);
            w.WriteNumber("outputTokens", model.Usage.OutputTokens);
            w.WriteNumber("cacheReadInputTokens", model.Usage.CacheReadInputTokens);
            w.WriteNumber("cacheCreationInputTokens", model.Usage.CacheCreationInputTokens);
            w.WriteNumber("webSearchRequests", 0);
            w.WriteNumber("costUSD", model.CostUsd);
            w.WriteNumber("contextWindow", info.ContextWindow);
            w.WriteNumber("maxOutputTokens", info.MaxOutputTokens);
            w.WriteString("provider", info.Provider);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>Exit code: 0 on success, 130/143 when interrupted by a signal, else 1.</summary>
    public static int ExitCode(TurnFinished finished, HeadlessContext context) => finished.Reason switch
    {
        TerminalReason.Completed => MissesStructuredOutput(finished, context) ? 1 : 0,
        TerminalReason.Aborted => context.Report.KilledBySignal ? 143 : 130,
        _ => 1,
    };

    public static void WriteUsageJson(Utf8JsonWriter w, Keel.Core.Messages.Usage usage) => UsageJson.Write(w, "usage", usage);
}
