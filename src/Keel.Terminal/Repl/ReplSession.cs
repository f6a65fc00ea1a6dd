using System.Threading.Channels;
using Keel.Core.Permissions;
using Keel.Terminal.Dialogs;
using Keel.Terminal.Input;
using Keel.Terminal.Screen;

namespace Keel.Terminal.Repl;

/// <summary>
/// The interactive session. One loop owns all state: key bytes, agent events, dialog requests and timers
/// arrive as actions in one inbox and run in order, so nothing here needs locks. After each batch the
/// screen is redrawn, at most about 30 times a second.
/// </summary>
public sealed partial class ReplSession : IDialogHost
{
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(33);
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);

    private readonly Channel<Action> _inbox = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ReplServices _services;
    private readonly ITerminalIo _io;
    private readonly KeyDecoder _decoder = new();
    private readonly LineEditor _editor = new();
    private readonly LiveRegion _region;
    private readonly List<string> _notices = [];
    private readonly List<string> _queued = [];
    private readonly List<string> _shellContext = [];
    private readonly Queue<(ChoiceDialog Dialog, TaskCompletionSource<ChoiceResult?> Answer)> _dialogs = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, CancellationTokenSource> _requests = new(StringComparer.Ordinal);
    private readonly PermissionDialogs _permissionDialogs;
    private readonly InteractionDialogs _interactionDialogs;
    private readonly DialogInputGuard _guard;
    private CancellationTokenSource? _turn;
    private bool _engineTurn;
    private bool _exit;
    private int _exitCode;
    private long _lastRender;
    private bool _renderScheduled;
    private bool _busy;
    private ITimer? _ticker;

    /// <param name="region">The live region already on screen (the provisional input box drawn during startup), if any.</param>
    public ReplSession(ReplServices services, ITerminalIo io, LiveRegion? region = null)
    {
        _services = services;
        _io = io;
        _time = services.Time;
        _region = region ?? new LiveRegion();
        _guard = new DialogInputGuard(_time);
        _permissionDialogs = new PermissionDialogs(this, () => Post(() =>
        {
            _ = _services.Engine.Submit(new Keel.Core.Sessions.SetMode(PermissionMode.AcceptEdits));
            RefreshStatusLine();
        }));
        _interactionDialogs = new InteractionDialogs(this);
        // Warnings at start are wrapped like any notice, not cut at the edge (a settings error must be read whole); styled header lines fit already.
        var width = io.Size.Columns;
        foreach (var notice in services.StartupNotices)
        {
            _notices.AddRange(notice.Contains('\e', StringComparison.Ordinal) ? [notice] : DisplayText.Wrap(notice, width));
        }
    }

    /// <summary>A turn, command or shell runs. Only then does the screen animate (spinners, elapsed times), so only then does the ticker run: idle, nothing wakes.</summary>
    private bool Busy
    {
        get => _busy;
        set
        {
            _busy = value;
            _ticker?.Change(value ? TickInterval : Timeout.InfiniteTimeSpan, value ? TickInterval : Timeout.InfiniteTimeSpan);
        }
    }

    private PermissionContext Permissions => _services.Session.Policy.Context;

    /// <summary>Raw bytes from the terminal (any thread).</summary>
    public void PostInput(ReadOnlyMemory<byte> bytes) => Post(() => OnBytes(bytes.Span));

    /// <summary>End of input (the terminal closed): leave like Ctrl+D.</summary>
    public void PostEndOfInput() => Post(() => _exit = true);

    /// <summary>The window changed size: the live region is redrawn at the new width.</summary>
    public void PostResize() => Post(static () => { });

    public void Post(Action action) => _inbox.Writer.TryWrite(action);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        RenderNow();
        _services.OnReady?.Invoke();

        // The status line shows from the first screen, not only after the first turn.
        RefreshStatusLine();
        WatchKeyBindings();
        var starting = StartAsync();
        _ = ReadEventsAsync(cancellationToken);
        using var ticker = _time.CreateTimer(_ => Post(static () => { }), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _ticker = ticker;
        Busy = _busy;
        try
        {
            while (!_exit && await _inbox.Reader.WaitToReadAsync(cancellationToken))
            {
                while (!_exit && _inbox.Reader.TryRead(out var action))
                {
                    action();
                }

                RenderSoon();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // SIGTERM or the host stopping: leave the screen tidy below.
        }

        InterruptRunning();
        foreach (var (_, answer) in _dialogs)
        {
            answer.TrySetResult(null);
        }

        // A "yes" to the trust question is saved off the loop; Ctrl+D right after it must not exit before the save lands.
        await starting;

        var (width, height) = _io.Size;
        var committed = new List<string>(_services.View.TakeCommitted(width));
        committed.AddRange(_notices);
        if (_exitCode == 0 && _services.Saved && _services.Engine.Messages.Count > 0)
        {
            committed.Add(string.Empty);
            committed.Add(DisplayText.Truncate($"Resume this session with: keel -r {_services.Engine.Id}", width));
        }

        _io.Write(_region.Render(new Frame(committed, [], null), width, height));
        return _exitCode;
    }

    public Task<ChoiceResult?> ShowAsync(ChoiceDialog dialog, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<ChoiceResult?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() => _dialogs.Enqueue((dialog, answer)));
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => Post(() => answer.TrySetResult(null)));
            _ = answer.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }

        return answer.Task;
    }

    /// <summary>The trust question (first run in a directory), then the prompt given on the command line.</summary>
    private async Task StartAsync()
    {
        if (_services.Trust is { } trust && !trust.IsTrusted())
        {
            var answer = await ShowAsync(
                new ChoiceDialog(
                    "Do you trust the files in this folder?",
                    [_services.Session.Tools.ProjectDirectory, "Keel will read, edit and run files here, and will follow the settings, commands and instructions it finds."],
                    [new ChoiceOption("Yes, proceed"), new ChoiceOption("No, exit")]),
                CancellationToken.None);
            if (answer?.Selected[0] != 0)
            {
                Post(() =>
                {
                    _exitCode = 1;
                    _exit = true;
                });
                return;
            }

            if (trust.Trust() is { } failed)
            {
                Post(() => AddNotice($"Warning: could not remember that this folder is trusted: {failed}"));
            }
        }

        if (_services.InitialPrompt is { Length: > 0 } prompt)
        {
            Post(() => Submit(prompt));
        }
    }

    private void Exit() => _exit = true;

    private void AddNotice(string text)
    {
        var (width, _) = _io.Size;
        _notices.AddRange(_services.View.TakeCommitted(width));
        _notices.AddRange(DisplayText.Wrap(text, width));
    }

    private void RenderSoon()
    {
        var elapsed = _time.GetElapsedTime(_lastRender);
        if (_lastRender == 0 || elapsed >= FrameInterval)
        {
            RenderNow();
            return;
        }

        if (!_renderScheduled)
        {
            _renderScheduled = true;
            _ = Task.Delay(FrameInterval - elapsed, _time).ContinueWith(_ => Post(() => _renderScheduled = false), TaskScheduler.Default);
        }
    }

    private void RenderNow()
    {
        _lastRender = _time.GetTimestamp();
        if (_transcriptScroll is not null)
        {
            // The conversation's frames wait (committed lines stay queued) until the transcript closes.
            RenderTranscript();
            return;
        }

        var (width, height) = _io.Size;
        var committed = new List<string>(_services.View.TakeCommitted(width));
        committed.AddRange(_notices);
        _notices.Clear();
        var live = new List<string>(_services.View.LiveLines(width, _time.GetUtcNow()));
        for (var i = 0; i < _queued.Count; i++)
        {
            var hint = i == _queued.Count - 1 ? "  (↑ to edit or remove)" : string.Empty;
            var text = DisplayText.Truncate("⏵ queued: " + _queued[i].ReplaceLineEndings(" "), Math.Max(10, width - hint.Length));
            live.Add(DisplayText.Truncate(text + hint, width));
        }

        DrawAside(live, width);

        (int Row, int Column)? cursor;
        if (ActiveDialog() is { } dialog)
        {
            _guard.Shown(dialog);
            var (lines, at) = dialog.Render(width);
            cursor = at is { } c ? (c.Row + live.Count, c.Column) : null;
            live.AddRange(lines);
        }
        else
        {
            cursor = DrawInput(live, width);
        }

        live.Add(DisplayText.Truncate(KeyStatus() + VimStatus() + StatusBar(), width));
        var output = _region.Render(new Frame(committed, live, cursor), width, height);
        if (output.Length > 0)
        {
            _io.Write(output);
        }
    }

    private ChoiceDialog? ActiveDialog()
    {
        while (_dialogs.Count > 0 && _dialogs.Peek().Answer.Task.IsCompleted)
        {
            _dialogs.Dequeue();
        }

        return _dialogs.Count > 0 ? _dialogs.Peek().Dialog : null;
    }
}
