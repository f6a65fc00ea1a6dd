using Keel.Core.Permissions;

namespace Keel.Core.Sessions;

/// <summary>Changes the permission mode; takes effect for the next permission decision, even mid-turn.</summary>
public sealed record SetMode(PermissionMode Mode) : SessionOperation;
