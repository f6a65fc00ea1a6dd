namespace Keel.Core.Permissions;

/// <summary>A decision with its explanation: which rule matched, where it came from, and why.</summary>
/// <param name="Prompted">True when a person (or a prompt tool) answered it (approved or refused), rather than a rule or the mode.</param>
public sealed record PermissionDecision(PermissionBehavior Behavior, string Reason, string? Rule = null, string? Source = null, bool Prompted = false)
{
    /// <summary>The settings file <see cref="Rule"/> was read from (null for rules from flags, the session or built in).</summary>
    public string? File { get; init; }

    /// <summary>True when the person's approval was "always" (remembered as a rule), not just this once.</summary>
    public bool Always { get; init; }

    public static PermissionDecision Allow(string reason, string? rule = null, string? source = null) => new(PermissionBehavior.Allow, reason, rule, source);

    public static PermissionDecision Ask(string reason, string? rule = null, string? source = null) => new(PermissionBehavior.Ask, reason, rule, source);

    public static PermissionDecision Deny(string reason, string? rule = null, string? source = null) => new(PermissionBehavior.Deny, reason, rule, source);
}
