using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Keel.Core.Cost;

namespace Keel.Terminal.Repl;

public sealed partial class ReplSession
{
    private static readonly TimeSpan StatusDebounce = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(5);

    private string? _statusLineText;
    private long _contextTokens;
    private bool _statusScheduled;
    private bool _statusStale;

    /// <summary>Re-runs the <c>statusLine</c> command (if configured) 300 ms after the last change, off the loop.</summary>
    private void RefreshStatusLine()
    {
        if (StatusCommand() is not { } command)
        {
            return;
        }

        if (_statusScheduled)
        {
            // A run is waiting or under way: it runs again once it is done if the session was read before this change.
            _statusStale = true;
            return;
        }

        _statusScheduled = true;
        _ = Task.Run(async () =>
        {
            await Task.Delay(StatusDebounce, _time);

            // The session is read once the changes have settled (on the loop), not when the first one asked: a mode
            // switched twice within the debounce must reach the command as it ended up.
            var read = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(() =>
            {
                _statusStale = false;
                read.SetResult(SessionJson());
            });
            var text = await RunStatusCommandAsync(command, await read.Task);
            Post(() =>
            {
                _statusScheduled = false;
                _statusLineText = text;
                if (_statusStale)
                {
                    _statusStale = false;
                    RefreshStatusLine();
                }
            });
        });
    }

    /// <summary>Keeps the context size the status line reports: the latest request's real usage.</summary>
    private void TrackContext(AgentEvent agentEvent)
    {
        switch (agentEvent)
        {
            case AssistantMessageCompleted { Message.Usage: var usage } when usage.TotalInputTokens + usage.OutputTokens > 0:
                _contextTokens = usage.TotalInputTokens + usage.OutputTokens;
                break;
            case ContextLevelChanged level:
                _contextTokens = level.Tokens;
                break;
            case ContextCompacted compacted:
                _contextTokens = compacted.PostTokens;
                break;
        }
    }

    private string? StatusCommand()
    {
        return _services.Session.Settings.Effective.StatusLine?.Command;
    }

    /// <summary>The session JSON the status command reads on stdin (the fields other agents' scripts expect).</summary>
    private byte[] SessionJson()
    {
        var session = _services.Session;
        var loop = session.Loop;
        var usage = loop.Cost.TotalUsage;
        var window = ModelCatalog.ContextWindowFor(loop.Model, _services.GetEnv);

        // What the last request really used (input, cache included, plus output); before any request, nothing.
        var used = _contextTokens;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("session_id", loop.SessionId);
            if (_services.TranscriptPath is { } transcript)
            {
                w.WriteString("transcript_path", transcript);
            }

            w.WriteString("cwd", session.Tools.CurrentDirectory);
            w.WriteStartObject("model");
            w.WriteString("id", loop.Model);
            w.WriteString("display_name", ModelCatalog.Get(loop.Model).DisplayName);
            w.WriteEndObject();
            w.WriteStartObject("workspace");
            w.WriteString("current_dir", session.Tools.CurrentDirectory);
            w.WriteString("project_dir", session.Tools.ProjectDirectory);
            w.WriteEndObject();
            w.WriteString("version", _services.Version);
            w.WriteStartObject("cost");
            w.WriteNumber("total_cost_usd", loop.Cost.TotalCostUsd);
            w.WriteEndObject();
            w.WriteStartObject("context_window");
            w.WriteNumber("total_input_tokens", usage.TotalInputTokens);
            w.WriteNumber("total_output_tokens", usage.OutputTokens);
            w.WriteNumber("context_window_size", window);
            w.WriteNumber("used_tokens", used);
            w.WriteNumber("used_percentage", Math.Round(100.0 * used / window, 1));
            w.WriteNumber("remaining_percentage", Math.Round(100.0 - (100.0 * used / window), 1));
            w.WriteEndObject();
            w.WriteString("permission_mode", Core.Permissions.PermissionModes.Name(Permissions.Mode));
            if (VimModeName() is { } vimMode)
            {
                w.WriteStartObject("vim");
                w.WriteString("mode", vimMode);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    private async Task<string?> RunStatusCommandAsync(string command, byte[] input)
    {
        try
        {
            var start = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = _services.Session.Tools.CurrentDirectory,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(command);
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            using var timeout = new CancellationTokenSource(StatusTimeout, _time);
            await process.StandardInput.BaseStream.WriteAsync(input, timeout.Token);
            process.StandardInput.Close();
            var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length == 0 ? null : new StringBuilder(lines[0].TrimEnd('\r')).ToString();
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
