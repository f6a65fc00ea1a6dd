using Keel.Core.Messages;

namespace Keel.Tools.Web;

/// <summary>A side request's answer, or why there is none.</summary>
public sealed record SideResult(AssistantMessage? Message, string? Error);
