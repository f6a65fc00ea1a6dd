using Keel.Core.Agent;
using Keel.Core.Compaction;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Core.Memory;

/// <summary>
/// Auto extraction: after a completed turn, once the conversation passed <see cref="FirstAfterTokens"/> and
/// then every <see cref="EveryTokens"/> more or <see cref="EveryToolCalls"/> tool calls, a side request forked
/// from the conversation (same system prompt, tools and messages, so it reads from the prompt cache) asks the
/// model which memories to add or update, and Keel writes them. It runs in the background, one at a time,
/// never blocks a turn, is cancelled with the session, and its cost joins the session's.
/// </summary>
public sealed class MemoryExtractor : ITurnFollowUp, IAsyncDisposable
{
    public const long FirstAfterTokens = 10_000;
    public const long EveryTokens = 5_000;
    public const int EveryToolCalls = 3;
    public const int MaxOutputTokens = 4_000;

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
        var request = conversation with
        {
            Messages = [.. conversation.Messages, Message.UserText(ExtractionPrompt.Build(_location, existing))],
            MaxTokens = MaxOutputTokens,
            Thinking = null,
            IsBackground = true,
        };
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

        var usage = accumulator.Usage;
        var cost = CostTracker.CostOf(accumulator.Model.Length > 0 ? accumulator.Model : conversation.Model, usage);
        if (usage.TotalInputTokens + usage.OutputTokens > 0)
        {
            _cost.Add(accumulator.Model.Length > 0 ? accumulator.Model : conversation.Model, usage);
        }

        IReadOnlyList<string> written = [];
        if (error is null && accumulator.Stopped && !cancellationToken.IsCancellationRequested)
        {
            var proposals = ExtractionPrompt.Parse(accumulator.Build().Message.Text);
            (written, error) = MemoryWriter.Write(_location.ProjectDirectory, proposals, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
        }
        else if (error is null)
        {
            error = cancellationToken.IsCancellationRequested ? "cancelled with the session" : "the response ended early";
        }

        lock (_gate)
        {
            _last = new ExtractionReport(written, cost, error, _time.GetUtcNow());
        }
    }

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
