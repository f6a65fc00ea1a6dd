using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Keel.Testing.FakeServer;

/// <summary>
/// Sits between Kestrel's HTTP layer and the socket so a scripted cut can close the connection
/// right after the bytes already written have left. <c>HttpContext.Abort()</c> alone would drop
/// data still queued in Kestrel's output pipe, so the client would not see the first n events.
/// </summary>
internal sealed class ConnectionCutter : IDuplexPipe
{
    private const string ItemKey = "keel.fake.cutter";
    private readonly IDuplexPipe _transport;
    private readonly Pipe _output = new();
    private readonly TaskCompletionSource _cutDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _cutRequested;

    private ConnectionCutter(IDuplexPipe transport) => _transport = transport;

    public PipeReader Input => _transport.Input;

    public PipeWriter Output => _output.Writer;

    public static async Task RunAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var cutter = new ConnectionCutter(connection.Transport);
        connection.Transport = cutter;
        connection.Items[ItemKey] = cutter;
        var pump = cutter.PumpAsync();
        try
        {
            await next(connection);
        }
        finally
        {
            await cutter._output.Writer.CompleteAsync();
            await pump;
        }
    }

    public static ConnectionCutter? Find(IDictionary<object, object?>? connectionItems) =>
        connectionItems is not null && connectionItems.TryGetValue(ItemKey, out var value) ? value as ConnectionCutter : null;

    /// <summary>Sends everything flushed so far, then closes the connection (FIN) mid-response.</summary>
    public Task CutAsync()
    {
        _cutRequested = true;
        _output.Reader.CancelPendingRead();
        return _cutDone.Task;
    }

    private async Task PumpAsync()
    {
        var reader = _output.Reader;
        var socket = _transport.Output;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                foreach (var segment in result.Buffer)
                {
                    await socket.WriteAsync(segment);
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || _cutRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            // Completing the socket's writer lets Kestrel send what is queued, then shut the socket down.
            await socket.CompleteAsync();
            await reader.CompleteAsync();
            _cutDone.TrySetResult();
        }
    }
}
