using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Core.Agent;

/// <summary>Filled in by <see cref="ModelCaller"/> when its event stream ends: a message or the final error.</summary>
public sealed class ModelCallResult
{
    public AssistantMessage? Message { get; internal set; }

    public ModelError? Error { get; internal set; }

    /// <summary>
    /// With an <see cref="ModelErrorKind.OutputLimit"/> error: the text that arrived before reading was
    /// stopped (no tool calls, no thinking), for the caller to keep.
    /// </summary>
    public AssistantMessage? Partial { get; internal set; }

    /// <summary>Set when overload made the call switch to the fallback model; later requests should use it too.</summary>
    public string? FallbackModel { get; internal set; }
}
