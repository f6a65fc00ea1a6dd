using Keel.Core.Compaction;

namespace Keel.Terminal.Rendering.Status;

/// <summary>What the status bar shows: model, permission mode, working directory, session cost, context use.</summary>
public sealed record StatusBarInfo(
    string Model,
    string PermissionMode,
    string WorkingDirectory,
    decimal? CostUsd = null,
    string? HomeDirectory = null,
    int? ContextPercent = null,
    ContextLevel ContextLevel = ContextLevel.Normal);
