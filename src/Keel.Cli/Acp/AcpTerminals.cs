using System.Text.Json;
using Keel.Core.Tools;

namespace Keel.Cli.Acp;

/// <summary>
/// Commands run in the editor's terminals (ACP <c>terminal/*</c>): created with the command, its environment,
/// working directory and output limit; embedded in the tool call so the editor shows it live; polled with
/// <c>terminal/output</c> for progress while <c>terminal/wait_for_exit</c> waits; killed on timeout or cancel;
/// always released. The editor's terminal is not inside Keel's sandbox, so a session with sandboxing on never
/// gets one (see <see cref="AcpAgent"/>).
/// </summary>
internal sealed class AcpTerminals(AcpConnection rpc, string sessionId, TimeProvider time, Action<string, string> embed) : IEditorTerminals
{
    /// <summary>How often the output is read for progress while the command runs.</summary>
    public static TimeSpan PollInterval { get; } = TimeSpan.FromSeconds(1);

    public async ValueTask<TerminalRun> RunAsync(TerminalCommand command, Action<string>? progress, CancellationToken cancellationToken)
    {
        var create = new AcpCreateTerminal(
            sessionId,
            command.Program,
            command.Arguments,
            [.. command.Environment.Select(static pair => new AcpEnvVariable(pair.Key, pair.Value))],
            command.WorkingDirectory)
        { OutputByteLimit = command.OutputByteLimit };

        // Not cancellable once sent: a terminal the editor created must be released, so its id is always awaited.
        var created = await CallAsync("terminal/create", JsonSerializer.Serialize(create, AcpJson.Default.AcpCreateTerminal), CancellationToken.None);
        var terminalId = created.ValueKind == JsonValueKind.Object && created.TryGetProperty("terminalId", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()!
            : throw new IOException("the editor's answer to terminal/create has no terminalId");
        var reference = JsonSerializer.Serialize(new AcpTerminalRef(sessionId, terminalId), AcpJson.Default.AcpTerminalRef);
        try
        {
            embed(command.ToolUseId, terminalId);
            var (timedOut, interrupted, waited) = await WaitAsync(reference, command.Timeout, progress, cancellationToken);
            if (timedOut || interrupted)
            {
                await CallAsync("terminal/kill", reference, CancellationToken.None);
            }

            var output = await CallAsync("terminal/output", reference, CancellationToken.None);
            // The exit as terminal/output reports it, else as wait_for_exit answered.
            var (exitCode, signal) = ExitStatus(output.ValueKind == JsonValueKind.Object && output.TryGetProperty("exitStatus", out var status) ? status : waited);
            return new TerminalRun(Text(output, "output") ?? string.Empty, output.TryGetProperty("truncated", out var t) && t.ValueKind == JsonValueKind.True, exitCode, signal, timedOut, interrupted);
        }
        finally
        {
            try
            {
                await CallAsync("terminal/release", reference, CancellationToken.None);
            }
            catch (IOException)
            {
                // Released or gone already; nothing is left to free on Keel's side.
            }
        }
    }

    /// <summary>Waits for the exit (or the timeout, or the cancel), reporting the output's last line meanwhile.</summary>
    private async Task<(bool TimedOut, bool Interrupted, JsonElement Exit)> WaitAsync(string reference, TimeSpan timeout, Action<string>? progress, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var exited = CallAsync("terminal/wait_for_exit", reference, stop.Token);
        try
        {
            while (true)
            {
                var tick = Task.Delay(PollInterval, time, stop.Token);
                if (await Task.WhenAny(exited, tick) == exited)
                {
                    return (false, false, await exited);
                }

                await tick;
                if (progress is not null && Text(await CallAsync("terminal/output", reference, stop.Token), "output") is { Length: > 0 } text)
                {
                    progress(LastLine(text));
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            _ = exited.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            return cancellationToken.IsCancellationRequested ? (false, true, default) : (true, false, default);
        }
    }

    private async Task<JsonElement> CallAsync(string method, string parameters, CancellationToken cancellationToken)
    {
        try
        {
            return await rpc.RequestAsync(method, parameters, cancellationToken);
        }
        catch (AcpException ex)
        {
            throw new IOException($"{method} failed: {ex.Message}", ex);
        }
    }

    private static (int? ExitCode, string? Signal) ExitStatus(JsonElement status)
    {
        if (status.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        var code = status.TryGetProperty("exitCode", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : (int?)null;
        return (code, Text(status, "signal"));
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string LastLine(string text)
    {
        var trimmed = text.TrimEnd('\n', '\r');
        var line = trimmed[(trimmed.LastIndexOf('\n') + 1)..];
        return line.Length <= 200 ? line : line[^200..];
    }
}
