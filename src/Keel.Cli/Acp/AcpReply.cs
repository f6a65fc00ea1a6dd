namespace Keel.Cli.Acp;

/// <summary>A request's result as JSON, and what to do once it is written (e.g. updates that must follow it).</summary>
public sealed record AcpReply(string ResultJson, Action? AfterSent = null);
