using Keel.Core.Permissions;

namespace Keel.Core.Sessions;

/// <summary>Answers the <see cref="PermissionRequested"/> with id <paramref name="RequestId"/>; the waiting tool call goes on.</summary>
public sealed record AnswerPermission(string RequestId, PermissionAnswer Answer) : SessionOperation;
