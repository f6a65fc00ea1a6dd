namespace Keel.Providers.Bedrock;

/// <summary>One decoded frame of the AWS event-stream encoding: its string headers and raw payload.</summary>
public sealed record EventStreamMessage(IReadOnlyDictionary<string, string> Headers, byte[] Payload)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
