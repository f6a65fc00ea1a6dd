namespace Keel.Testing.FakeServer;

internal sealed record TurnUsage(int Input, int Output, int CacheRead, int CacheCreation);
