namespace Keel.Core.Model;

public abstract record ContentDelta;

public sealed record TextDelta(string Text) : ContentDelta;

public sealed record InputJsonDelta(string PartialJson) : ContentDelta;

public sealed record ThinkingDelta(string Thinking) : ContentDelta;

public sealed record SignatureDelta(string Signature) : ContentDelta;

public sealed record UnknownDelta(string Type) : ContentDelta;
