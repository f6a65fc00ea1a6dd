namespace Keel.Core.Hooks;

/// <summary>One configured handler: a shell command or an HTTP endpoint.</summary>
/// <param name="Type"><c>command</c> or <c>http</c>.</param>
/// <param name="Command">The shell command (type command).</param>
/// <param name="Url">The endpoint (type http).</param>
/// <param name="TimeoutSeconds">The handler's own timeout, or null for the event's default.</param>
/// <param name="If">One permission rule the tool call must match (tool events only).</param>
public sealed record HookHandler(string Type, string? Command, string? Url, int? TimeoutSeconds, string? If)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Environment variables that may be interpolated into <see cref="Headers"/>; no others are.</summary>
    public IReadOnlyList<string> AllowedEnvVars { get; init; } = [];

    /// <summary>Exec form: argv without a shell (type command).</summary>
    public IReadOnlyList<string>? Args { get; init; }

    public bool IsHttp => Type == "http";

    /// <summary>What the logs show: the command or the URL.</summary>
    public string Display => (IsHttp ? Url : Command) ?? string.Empty;

    /// <summary>Two handlers with the same key are the same hook (run once even if several layers list it).</summary>
    public string Key => string.Join('\u001f', Type, Command ?? string.Empty, Url ?? string.Empty, If ?? string.Empty, string.Join('\u001e', Args ?? []));
}
