using Keel.Cli.Acp;

namespace Keel.Tests.Cli.Acp;

/// <summary>Keel's own requests to the client when the client goes away.</summary>
public sealed class AcpConnectionTests
{
    [Fact]
    public async Task A_request_after_the_client_closed_the_connection_fails_at_once()
    {
        using var output = new MemoryStream();
        var connection = new AcpConnection(output, TextWriter.Null);
        await connection.RunAsync(new StringReader(string.Empty), CancellationToken.None);

        var request = connection.RequestAsync("terminal/release", """{"sessionId":"s","terminalId":"t"}""", CancellationToken.None);

        request.IsCompleted.ShouldBeTrue();
        (await Should.ThrowAsync<IOException>(request)).Message.ShouldContain("closed the connection");
    }

    [Fact]
    public async Task A_request_waiting_when_the_client_leaves_fails_too()
    {
        using var output = new MemoryStream();
        var connection = new AcpConnection(output, TextWriter.Null);
        var input = new BlockingReader();
        var running = connection.RunAsync(input, CancellationToken.None);

        var request = connection.RequestAsync("fs/read_text_file", """{"sessionId":"s","path":"/a"}""", CancellationToken.None);
        request.IsCompleted.ShouldBeFalse();
        input.End();
        await running;

        await Should.ThrowAsync<IOException>(request);
    }

    /// <summary>A client's stdin that stays open until <see cref="End"/>.</summary>
    private sealed class BlockingReader : TextReader
    {
        private readonly TaskCompletionSource<string?> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void End() => _end.TrySetResult(null);

        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => new(_end.Task.WaitAsync(cancellationToken));
    }
}
