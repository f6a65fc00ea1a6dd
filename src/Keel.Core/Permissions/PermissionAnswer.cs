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

    /// <summary>With <see cref="PermissionAnswerKind.AllowAlways"/>: the rules to remember instead of the suggested ones (a directory rather than the file).</summary>
    public IReadOnlyList<string>? Rules { get; init; }

    /// <summary>With <see cref="PermissionAnswerKind.AllowAlways"/>: the rules hold for this session only and are not saved.</summary>
    public bool SessionOnly { get; init; }

    /// <summary>An SDK host's <c>updatedPermissions</c> with its approval (rules, directories, mode), applied as a PermissionRequest hook's are.</summary>
    public System.Text.Json.JsonElement? UpdatedPermissions { get; init; }
}
