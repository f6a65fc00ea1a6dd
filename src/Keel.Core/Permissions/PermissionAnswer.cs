namespace Keel.Core.Permissions;

public enum PermissionAnswerKind
{
    AllowOnce,
    AllowAlways,
    Reject,
}

/// <summary>The answer to a permission prompt; feedback goes to the model with a rejection.</summary>
public sealed record PermissionAnswer(PermissionAnswerKind Kind, string? Feedback = null)
{
    /// <summary>An approval that changes the call's input (an SDK host may edit it); null keeps the model's input.</summary>
    public System.Text.Json.JsonElement? UpdatedInput { get; init; }
}
