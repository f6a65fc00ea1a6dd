using Keel.Core.Permissions;

namespace Keel.Core.Tools;

/// <summary>A path a call touches, as the model gave it (resolved by the permission engine), and how.</summary>
public sealed record ToolPathTarget(string Path, PathAccess Access);
