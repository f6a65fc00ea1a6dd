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
            throw new ModelCallException(_protocol.Classify(error, response));
        }
    }

    private async Task<Stream> OpenBodyAsync(HttpResponseMessage response, CallState call)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && !_protocol.IsStreamMediaType(mediaType))
        {
            // A 200 that is not a stream usually means the base URL points at something that is not the Messages API.
            StartIdleTimer(call);
            var error = await HttpErrorReader.ReadAsync(response, _timeProvider, call.Token, call.CallerToken);
            throw new ModelCallException(error with
            {
                Kind = ModelErrorKind.Protocol,
                Message = $"expected a model response stream but got {mediaType}: {error.Message}",
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

    /// <summary>
    /// Reads under the idle limit. Only time spent waiting counts, and it adds up across reads until
    /// the stream makes progress (<see cref="MarkProgress"/>): a server that sends pings or keep-alive
    /// comments but no content is as stalled as a silent one.
    /// </summary>
    private async ValueTask<int> ReadAsync(Stream stream, byte[] buffer, CallState call)
    {
        var remaining = _options.StreamIdleTimeout - call.IdleWaited;
        if (remaining <= TimeSpan.Zero)
        {
            throw IdleError(call, "reading the response stream", inner: null);
        }

        call.Idle.CancelAfter(remaining);
        var started = _timeProvider.GetTimestamp();
        try
        {
            var read = await stream.ReadAsync(buffer, call.Token);

            // Paused while the caller handles the events, so a slow consumer is not mistaken for a stalled server.
            StopIdleTimer(call);
            call.IdleWaited += _timeProvider.GetElapsedTime(started);
            call.BytesSinceProgress += read;
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
            return IdleError(call, stage, ex);
        }

        var message = ex is OperationCanceledException ? $"timed out while {stage}" : DescribeConnectionFailure(ex);
        return new ModelCallException(new ModelError(ModelErrorKind.Connection, message, RequestId: call.RequestId), ex);
    }

    private ModelCallException IdleError(CallState call, string stage, Exception? inner)
    {
        var seconds = _options.StreamIdleTimeout.TotalSeconds;
        var what = call.BytesSinceProgress > 0 ? $"no content (only {call.BytesSinceProgress} bytes of pings or keep-alives)" : "no data";
        return new ModelCallException(
            new ModelError(ModelErrorKind.StreamIdle, $"{what} from the server for {seconds:0.###} s while {stage}", RequestId: call.RequestId),
            inner);
    }

    /// <summary>A content event arrived: the idle allowance starts over.</summary>
    private static void MarkProgress(CallState call)
    {
        call.IdleWaited = TimeSpan.Zero;
        call.BytesSinceProgress = 0;
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

        /// <summary>Time spent waiting on reads since the last content event.</summary>
        public TimeSpan IdleWaited { get; set; }

        public long BytesSinceProgress { get; set; }
    }
}
