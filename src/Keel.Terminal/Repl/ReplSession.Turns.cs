using Keel.Core.Agent;
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
        if (Busy)
        {
            _queued.Enqueue(text);
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

        StartTurn(ct => _services.Session.Loop.RunTurnAsync(Message.UserText(text), ct), text);
    }

    /// <summary>Runs a turn (or compaction) in the background; its events come back through the inbox.</summary>
    private void StartTurn(Func<CancellationToken, IAsyncEnumerable<AgentEvent>> run, string echo)
    {
        _services.View.OnUserPrompt(echo);
        var cts = new CancellationTokenSource();
        _turn = cts;
        Busy = true;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var agentEvent in run(cts.Token))
                {
                    Post(() => _services.View.OnEvent(agentEvent));
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The loop reports expected failures as events; anything else must not kill the REPL.
                Post(() => AddNotice($"Error: {ex.Message}\n"));
            }
            finally
            {
                Post(() => OnTurnEnded(cts));
            }
        });
    }

    private void OnTurnEnded(CancellationTokenSource cts)
    {
        if (_turn == cts)
        {
            _turn = null;
        }

        cts.Dispose();
        Busy = false;
        RefreshStatusLine();
        DrainQueue();
    }

    private void DrainQueue()
    {
        if (!Busy && _queued.Count > 0)
        {
            Dispatch(_queued.Dequeue());
        }
    }

    private void RunCommand(ISlashCommand command, SlashCommandLine line, string echo)
    {
        Busy = true;
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

            Post(() =>
            {
                Busy = false;
                OnCommandResult(result, echo);
                DrainQueue();
            });
        });
    }

    private void OnCommandResult(SlashCommandResult result, string echo)
    {
        var loop = _services.Session.Loop;
        switch (result)
        {
            case TextCommandResult text:
                AddNotice($"> {echo}\n{Indent(text.Text)}\n");
                break;
            case PromptCommandResult prompt:
                StartTurn(ct => loop.RunTurnAsync(Message.UserText(prompt.Prompt), ct), echo);
                break;
            case SurfaceActionResult { Action: "compact" } compact:
                StartTurn(ct => loop.CompactAsync(compact.Argument, ct), echo);
                break;
            case SurfaceActionResult { Action: "clear" }:
                loop.ReplaceConversation(new ConversationReset(ConversationReset.Clear, []));
                AddNotice($"> {echo}\n  Conversation cleared; the next prompt starts fresh.\n");
                break;
            case SurfaceActionResult { Action: "model", Argument: { } model }:
                loop.SwitchModel(model);
                AddNotice($"> {echo}\n  Model set to {model}.\n");
                RefreshStatusLine();
                break;
            case SurfaceActionResult { Action: "exit" }:
                Exit();
                break;
            case SurfaceActionResult { Action: "resume" }:
                AddNotice($"> {echo}");
                OfferResume();
                break;
            case SurfaceActionResult { Action: "memory" }:
                AddNotice($"> {echo}");
                OfferMemory();
                break;
            case SurfaceActionResult other:
                AddNotice($"> {echo}\n  /{other.Action} is not available in the terminal.\n");
                break;
        }
    }

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(static l => "  " + l));
}
