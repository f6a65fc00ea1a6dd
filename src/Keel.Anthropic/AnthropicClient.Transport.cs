using System.Net.Sockets;
using Keel.Anthropic.Http;
using Keel.Core.Model;

namespace Keel.Anthropic;

/// <summary>The I/O steps of a call, each turning transport failures into <see cref="ModelError"/>s.</summary>
public sealed partial class AnthropicClient
{
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CallState call)
    {
        HttpResponseMessage response;
        StartIdleTimer(call);
        try
        {
            response = await Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, call.Token);
        }
        catch (Exception ex) when (IsTransportFailure(ex, call))
        {
            throw TransportError(ex, call, "waiting for the response");
        }

        if (response.IsSuccessStatusCode)
        {
            StopIdleTimer(call);
            return response;
        }

        using (response)
        {
            var error = await HttpErrorReader.ReadAsync(response, _timeProvider, call.Token, call.CallerToken);
            throw new ModelCallException(error);
        }
    }

    private async Task<Stream> OpenBodyAsync(HttpResponseMessage response, CallState call)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && !mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            // A 200 that is not a stream usually means the base URL points at something that is not the Messages API.
            StartIdleTimer(call);
            var error = await HttpErrorReader.ReadAsync(response, _timeProvider, call.Token, call.CallerToken);
            throw new ModelCallException(error with
            {
                Kind = ModelErrorKind.Protocol,
                Message = $"expected text/event-stream but got {mediaType}: {error.Message}",
                RequestId = call.RequestId,
            });
        }

        StartIdleTimer(call);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(call.Token);
            StopIdleTimer(call);
            return stream;
        }
        catch (Exception ex) when (IsTransportFailure(ex, call))
        {
            throw TransportError(ex, call, "opening the response stream");
        }
    }

    private async ValueTask<int> ReadAsync(Stream stream, byte[] buffer, CallState call)
    {
        StartIdleTimer(call);
        try
        {
            var read = await stream.ReadAsync(buffer, call.Token);

            // Paused while the caller handles the events, so a slow consumer is not mistaken for a stalled server.
            StopIdleTimer(call);
            return read;
        }
        catch (Exception ex) when (IsTransportFailure(ex, call))
        {
            throw TransportError(ex, call, "reading the response stream");
        }
    }

    private void StartIdleTimer(CallState call) => call.Idle.CancelAfter(_options.StreamIdleTimeout);

    private static void StopIdleTimer(CallState call) => call.Idle.CancelAfter(Timeout.InfiniteTimeSpan);

    /// <summary>Everything but the caller's own cancellation, which must escape as it is.</summary>
    private static bool IsTransportFailure(Exception ex, CallState call) =>
        !call.CallerToken.IsCancellationRequested
        && ex is OperationCanceledException or HttpRequestException or IOException or SocketException or ObjectDisposedException;

    private ModelCallException TransportError(Exception ex, CallState call, string stage)
    {
        if (call.Idle.IsCancellationRequested)
        {
            var seconds = _options.StreamIdleTimeout.TotalSeconds;
            return new ModelCallException(
                new ModelError(ModelErrorKind.StreamIdle, $"no data from the server for {seconds:0.###} s while {stage}", RequestId: call.RequestId),
                ex);
        }

        var message = ex is OperationCanceledException ? $"timed out while {stage}" : DescribeConnectionFailure(ex);
        return new ModelCallException(new ModelError(ModelErrorKind.Connection, message, RequestId: call.RequestId), ex);
    }

    /// <summary>The outer message plus the innermost cause when it adds something ("Connection refused (host:port)").</summary>
    private static string DescribeConnectionFailure(Exception ex)
    {
        var root = ex;
        while (root.InnerException is not null)
        {
            root = root.InnerException;
        }

        return ReferenceEquals(root, ex) || ex.Message.Contains(root.Message, StringComparison.Ordinal)
            ? ex.Message
            : $"{ex.Message} ({root.Message})";
    }

    /// <summary>Per-call state shared by the I/O steps.</summary>
    private sealed class CallState(CancellationTokenSource idle, CancellationToken token, CancellationToken callerToken)
    {
        public CancellationTokenSource Idle { get; } = idle;

        /// <summary>Cancelled by the caller or by the idle timer.</summary>
        public CancellationToken Token { get; } = token;

        public CancellationToken CallerToken { get; } = callerToken;

        public string? RequestId { get; set; }
    }
}
