namespace Keel.Providers.Vertex;

/// <summary>An OAuth access token for Google APIs and when it stops working.</summary>
public sealed record GoogleAccessToken(string Token, DateTimeOffset Expires, string Source);
