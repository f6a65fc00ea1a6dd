namespace Keel.Testing.FakeServer;

/// <summary>How a request used the fake server's prompt cache, in tokens (four bytes each).</summary>
public sealed record CacheUse(long ReadTokens, long CreationTokens, long InputTokens);
