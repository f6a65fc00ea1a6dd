using Keel.Core.Agent;
using Keel.Core.Agent.Budget;
using Keel.Core.Agent.Subagents;
using Keel.Core.Compaction;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;

namespace Keel.Core.Memory;

/// <summary>
/// Auto extraction: after a completed turn, once the conversation passed <see cref="FirstAfterTokens"/> and
/// then every <see cref="EveryTokens"/> more or <see cref="EveryToolCalls"/> tool calls, a fork of the conversation
/// (its exact request: system, tools, thinking, cache markers, with the directive last, so it reads the prompt cache)
/// asks the model to save what is worth keeping; it writes the memory files with the session's Write and Edit, which
/// the permission layer refuses anywhere but the memory folders. It runs in the background, one at a time, never
/// blocks a turn, is cancelled with the session, and each request's cost joins the session's as it is made.
/// </summary>
public sealed class MemoryExtractor : ITurnFollowUp, IAsyncDisposable
{
    public const long FirstAfterTokens = 10_000;
    public const long EveryTokens = 5_000;
    public const int EveryToolCalls = 3;

    /// <summary>Requests one extraction may make: reads and writes, then its closing answer.</summary>
    public const int MaxRequests = 6;

    private readonly MemoryLocation _location;
    private readonly Func<IModelClient> _client;
    private readonly CostTracker _cost;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private long? _tokensAtLast;
    private int _messagesAtLast;
    private Task _running = Task.CompletedTask;
    private ExtractionReport? _last;

    public MemoryExtractor(MemoryLocation location, Func<IModelClient> client, CostTracker cost, TimeProvider time)
    {
        _location = location;
        _client = client;
        _cost = cost;
        _time = time;
    }

    /// <summary>The session's tool pipeline; the extraction calls its tools, refused except for memory reads and writes. Null: it answers in text only.</summary>
    public ToolPipeline? Tools { get; init; }

    /// <summary><c>--max-budget-usd</c>: each extraction request is checked against it (and held) like the session's own.</summary>
    public decimal? MaxBudgetUsd { get; init; }

    /// <summary>The newest finished extraction, or null.</summary>
    public ExtractionReport? Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <summary>True while an extraction runs.</summary>
    public bool Running
    {
        get
        {
            lock (_gate)
            {
                return !_running.IsCompleted;
            }
        }
    }

    public void TurnCompleted(ModelRequest conversation)
    {
        var messages = conversation.Messages;
        if (messages.Count == 0 || messages[^1].Role != Role.Assistant || _stop.IsCancellationRequested)
        {
            return;
        }

        lock (_gate)
        {
            if (!_running.IsCompleted)
            {
                return; // one at a time; the next completed turn looks again
            }

            var tokens = TokenEstimator.Estimate(messages);
            var from = Math.Min(_messagesAtLast, messages.Count);
            var toolCalls = messages.Skip(from).Sum(static m => m.ToolUses.Count());
            var due = _tokensAtLast is not { } before
                ? tokens >= FirstAfterTokens
                : tokens - before >= EveryTokens || toolCalls >= EveryToolCalls;
            if (!due)
            {
                return;
            }

            _tokensAtLast = tokens;
            _messagesAtLast = messages.Count;
            if (WroteMemory(messages.Skip(from)))
            {
                return; // the model saved memories itself in these turns; a second opinion would only duplicate them
            }

            var token = _stop.Token;
            _running = Task.Run(() => RunAsync(conversation, token), CancellationToken.None);
        }
    }

    /// <summary>Waits for a running extraction, at most <paramref name="limit"/>; then it is cancelled with the session.</summary>
    public async Task DrainAsync(TimeSpan limit)
    {
        Task running;
        lock (_gate)
        {
            running = _running;
        }

        try
        {
            await running.WaitAsync(limit, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Disposal cancels it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task running;
        lock (_gate)
        {
            running = _running;
        }

        await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RunAsync(ModelRequest conversation, CancellationToken cancellationToken)
    {
        var existing = MemoryStore.Scan(_location.ProjectDirectory, "project");
        // A fork: the conversation's own request (model, system, tools, thinking, cache markers, output limit) with the
        // directive as the last user message, so the provider reads the prefix it cached for the session.
        var messages = ConversationFork.WithDirective(conversation.Messages, ExtractionPrompt.Build(_location, existing, Tools is not null));
        var runner = Tools is null ? null : Restricted(Tools);
        var written = new List<string>();
        var cost = 0m;
        string? error = null;
        string? answer = null;
        for (var index = 1; index <= MaxRequests && error is null && answer is null; index++)
        {
            var request = conversation with { Messages = messages, IsBackground = true };
            using var reservation = MaxBudgetUsd is { } budget ? SpendingLimit.Reserve(_cost, request, budget) : null;
            if (reservation is { Check: var spending })
            {
                if (spending.Request is null)
                {
                    error = $"stopped by the spending limit (--max-budget-usd {MaxBudgetUsd:0.####})";
                    break;
                }

                request = spending.Request;
            }

            var (message, usage, model, failure) = await StreamAsync(request, cancellationToken).ConfigureAwait(false);
            if (usage.TotalInputTokens + usage.OutputTokens > 0)
            {
                var priced = model.Length > 0 ? model : conversation.Model;
                cost += CostTracker.CostOf(priced, usage);
                _cost.Add(priced, usage);
            }

            reservation?.Dispose();
            if (failure is not null || message is null)
            {
                error = failure ?? "the response ended early";
                break;
            }

            IReadOnlyList<ToolUseBlock> uses = [.. message.ToolUses];
            if (uses.Count == 0 || runner is null || index == MaxRequests)
            {
                answer = message.Text;
                break;
            }

            var outcomes = new List<ToolOutcome>();
            await foreach (var unused in runner.RunAsync(uses, outcomes, cancellationToken).ConfigureAwait(false))
            {
                // Background work: nothing is shown while it runs.
            }

            written.AddRange(outcomes
                .Where(o => !o.Result.IsError && o.Decision.Behavior == PermissionBehavior.Allow && runner.Pipeline.Parts.Find(o.Call.Name)?.Kind == ToolKind.Write)
                .SelectMany(static o => WrittenPaths(o.Call)));
            var results = new Message(Role.User, [.. outcomes.Select(static o => (ContentBlock)new ToolResultBlock(o.Call.Id, o.Result.Content, o.Result.IsError))]);
            messages = [.. messages, message, results];
        }

        if (cancellationToken.IsCancellationRequested)
        {
            error = "cancelled with the session";
        }
        else if (error is null && answer is not null)
        {
            // An answer that proposes memories instead of writing them (or a session without tools) is written here.
            var proposals = ExtractionPrompt.Parse(answer);
            if (proposals.Count > 0)
            {
                var (files, failure) = MemoryWriter.Write(_location.ProjectDirectory, proposals, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
                written.AddRange(files);
                error = failure;
            }
        }

        lock (_gate)
        {
            _last = new ExtractionReport([.. written.Distinct(StringComparer.Ordinal)], cost, error, _time.GetUtcNow());
        }
    }

    /// <summary>One request of the fork: its message (null when it ended early), usage, model and any failure.</summary>
    private async Task<(Message? Message, Usage Usage, string Model, string? Error)> StreamAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        var accumulator = new MessageAccumulator();
        string? error = null;
        try
        {
            await foreach (var streamEvent in _client().StreamAsync(request, cancellationToken).ConfigureAwait(false))
            {
                if (streamEvent is StreamErrorEvent streamError)
                {
                    error = $"{streamError.ErrorType}: {streamError.Message}";
                    break;
                }

                accumulator.Apply(streamEvent);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error = "cancelled with the session";
        }
        catch (Exception ex) when (ex is ModelCallException or HttpRequestException or IOException)
        {
            error = ex.Message;
        }

        var message = error is null && accumulator.Stopped ? accumulator.Build().Message : null;
        return (message, accumulator.Usage, accumulator.Model, error);
    }

    /// <summary>
    /// The session's tool pipeline as the extraction uses it: the same tool definitions, every call but reads and
    /// writes in the memory folders refused, nothing asked (nobody is watching), no hooks, and its own read record so
    /// the conversation's is untouched.
    /// </summary>
    private ToolRunner Restricted(ToolPipeline pipeline)
    {
        var parent = pipeline.Session;
        var session = new ToolSession(parent.ProjectDirectory, parent.AllowedDirectories.Skip(1), Path.Combine(parent.SessionDirectory, "memory-upkeep"), parent.Time)
        {
            Paths = parent.Paths,
        };
        var directories = _location.Directories;
        return new ToolRunner(pipeline.With(p => p with
        {
            Tools = [.. p.Tools.Select(t => (ITool)new MemoryOnlyTool(t, directories))],
            Hooks = null,
            Asker = new PrompterAsker(new DenyingPrompter()),
            Memory = null,
            Session = session,
            ResultAttachments = null,
        }));
    }

    private static IEnumerable<string> WrittenPaths(ToolUseBlock call) =>
        call.Input.ValueKind == System.Text.Json.JsonValueKind.Object
        && call.Input.TryGetProperty("file_path", out var path)
        && path.ValueKind == System.Text.Json.JsonValueKind.String
        && path.GetString() is { Length: > 0 } text
            ? [text]
            : [];

    /// <summary>True when a Write or Edit in these messages targeted a memory folder.</summary>
    private bool WroteMemory(IEnumerable<Message> messages)
    {
        foreach (var message in messages)
        {
            foreach (var use in message.ToolUses)
            {
                if (use.Input.ValueKind == System.Text.Json.JsonValueKind.Object
                    && use.Input.TryGetProperty("file_path", out var path)
                    && path.ValueKind == System.Text.Json.JsonValueKind.String
                    && path.GetString() is { } text
                    && _location.Directories.Any(d => text.StartsWith(d + "/", StringComparison.Ordinal)))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
