namespace Keel.Tests.Testing;

/// <summary>Reads SSE event names one at a time from a live stream.</summary>
internal sealed class SseLineReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream);

    /// <summary>The next event's name, or null at a clean end of stream.</summary>
    public async Task<string?> NextEventAsync()
    {
        string? name = null;
        while (await _reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.Length == 0 && name is not null)
            {
                return name;
            }
        }

        return null;
    }

    public void Dispose() => _reader.Dispose();
}
