namespace Keel.Testing.FakeServer;

/// <summary>A thinking block as the server streamed it; clients must send it back unchanged.</summary>
public sealed record ServedThinking(string Thinking, string Signature);
