namespace Keel.Core.Permissions;

public enum PermissionAnswerKind
{
    AllowOnce,
    AllowAlways,
    Reject,
}

/// <summary>The answer to a permission prompt; feedback goes to the model with a rejection.</summary>
public sealed record PermissionAnswer(PermissionAnswerKind Kind, string? Feedback = null);
