using Keel.Core.Commands;
using Keel.Core.Messages;
using Keel.Core.Sessions;

namespace Keel.Terminal.Repl;

public sealed partial class ReplSession
{
    /// <summary>What Enter sends: queued while something runs, else a !command, #note, /command or a prompt.</summary>
    private void Submit(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        _services.History.Add(text);
        if (Busy && SlashCommandLine.TryParse(text.Trim(), out var line) && _services.Session.Registry.Find(line.Name) is { RunsAlongsideTurns: true } alongside)
        {
            RunAlongside(alongside, line, text.Trim());
            return;
        }

        if (Busy)
        {
            _queued.Add(text);
            return;
        }

        Dispatch(text);
    }

    private void Dispatch(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('!') && trimmed.Length > 1)
        {
            RunShell(trimmed[1..].Trim());
            return;
        }

        if (trimmed.StartsWith('#') && trimmed.Length > 1 && !trimmed.StartsWith("##", StringComparison.Ordinal))
        {
            AddNote(trimmed[1..].Trim());
            return;
        }

        if (SlashCommandLine.TryParse(trimmed, out var line))
        {
            if (_services.Session.Registry.Find(line.Name) is { } command)
            {
                RunCommand(command, line, trimmed);
                return;
            }

            AddNotice($"> {trimmed}\n  Unknown command /{line.Name}. Type /help for the list.\n");
            return;
        }

        if (_services.ExpandMentions is { } expand && text.Contains('@', StringComparison.Ordinal))
        {
            // Reading a mentioned MCP resource takes a moment: the prompt waits (as busy) and then goes.
            Busy = true;
            _ = StartWithMentionsAsync(expand, text);
            return;
        }

        StartTurn(PromptTurn(text, []), text);
    }

    private async Task StartWithMentionsAsync(Func<string, CancellationToken, Task<IReadOnlyList<string>>> expand, string text)
    {
        IReadOnlyList<string> attached = [];
        try
        {
            attached = await expand(text, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Nothing attached: the prompt goes as typed.
        }

        Post(() => StartTurn(PromptTurn(text, attached), text));
    }

    /// <summary>
    /// A prompt, carrying the <c>!commands</c> run since the last one (so the model sees what the user saw) and what
    /// its mentions attach.
    /// </summary>
    private SendUserTurn PromptTurn(string text, IReadOnlyList<string> attached)
    {
        if (_shellContext.Count == 0 && attached.Count == 0)
        {
            return SendUserTurn.Text(text);
        }

        List<ContentBlock> blocks = [.. _shellContext.Select(static c => new TextBlock(c)), .. attached.Select(static a => new TextBlock(a)), new TextBlock(text)];
        _shellContext.Clear();
        return new SendUserTurn(new Message(Role.User, blocks));
    }

    /// <summary>Submits a turn (or compaction) to the session; its events arrive through <see cref="OnSessionEvent"/>.</summary>
    private void StartTurn(SessionOperation operation, string echo)
    {
        _services.View.OnUserPrompt(echo);
        _engineTurn = true;
        Busy = true;
        _ = _services.Engine.Submit(operation);
    }

    /// <summary>The session has nothing left to run (a turn finished) or a <c>!command</c> ended.</summary>
    private void OnTurnEnded(CancellationTokenSource? shell = null)
    {
        if (shell is not null)
        {
            if (_turn == shell)
            {
                _turn = null;
            }

            shell.Dispose();
        }
        else
        {
            _engineTurn = false;
            ScheduleLoopRun();
        }

        Busy = _engineTurn || _turn is not null;
        if (_hint == InterruptedHint)
        {
            // The interrupt is on record in the scrollback; the status bar comes back.
            _hint = null;
        }

        RefreshStatusLine();
        DrainQueue();
    }

    private void DrainQueue()
    {
        if (!Busy && _queued.Count > 0)
        {
            var next = _queued[0];
            _queued.RemoveAt(0);
            Dispatch(next);
        }
    }

    private void RunCommand(ISlashCommand command, SlashCommandLine line, string echo)
    {
        Busy = true;
        Execute(command, line, result =>
        {
            Busy = false;
            OnCommandResult(result, echo);

            // A command can change what the status line shows (/vim, /model, /add-dir ...).
            RefreshStatusLine();
            DrainQueue();
        });
    }

    /// <summary>A command that does not wait for the running turn (<see cref="ISlashCommand.RunsAlongsideTurns"/>).</summary>
    private void RunAlongside(ISlashCommand command, SlashCommandLine line, string echo) =>
        Execute(command, line, result => OnCommandResult(result, echo));

    /// <summary>Runs a command off the UI thread; its result (a failure as an error result) is handed back on it.</summary>
    private void Execute(ISlashCommand command, SlashCommandLine line, Action<SlashCommandResult> done)
    {
        var context = _services.Session;
        _ = Task.Run(async () =>
        {
            SlashCommandResult result;
            try
            {
                result = await command.ExecuteAsync(line.Arguments, context, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                result = new TextCommandResult($"/{command.Name} failed: {ex.Message}", IsError: true);
            }

            Post(() => done(result));
        });
    }

    private void OnCommandResult(SlashCommandResult result, string echo)
    {
        switch (result)
        {
            case SideQuestionCommandResult side:
                StartAside(side.Question);
                break;
            case TextCommandResult text:
                AddNotice($"> {echo}\n{Indent(text.Text)}\n");
                break;
            case ClearCommandResult:
                _ = _services.Engine.Submit(new ClearConversation());
                AddNotice($"> {echo}\n  Conversation cleared; the next prompt starts fresh.\n");
                break;
            case ModelCommandResult model:
                AddNotice($"> {echo}\n  Model set to {model.Model}.\n");
                _ = _services.Engine.Submit(new SetModel(model.Model)).ContinueWith(_ => Post(RefreshStatusLine), TaskScheduler.Default);
                break;
            case ModelPickerResult:
                AddNotice($"> {echo}");
                OfferModels();
                break;
            case TasksPickerResult:
                AddNotice($"> {echo}");
                OfferTasks();
                break;
            case ExitCommandResult:
                Exit();
                break;
            case ResumePickerResult:
                AddNotice($"> {echo}");
                OfferResume();
                break;
            case RewindPickerResult:
                AddNotice($"> {echo}");
                OfferRewind();
                break;
            case LoopCommandResult loop:
                StartLoop(loop, echo);
                break;
            case MemoryEditorResult:
                AddNotice($"> {echo}");
                OfferMemory();
                break;
            default:
                if (result.ToOperation() is { } operation)
                {
                    StartTurn(operation, echo);
                }

                break;
        }
    }

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(static l => "  " + l));
}
