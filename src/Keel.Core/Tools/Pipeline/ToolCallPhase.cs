namespace Keel.Core.Tools.Pipeline;

/// <summary>When a step runs.</summary>
public enum ToolCallPhase
{
    /// <summary>Until the call has a result: a step that sets one (a refusal, an error) ends this phase.</summary>
    Before,

    /// <summary>Only when the tool ran.</summary>
    After,

    /// <summary>Every call, whatever happened.</summary>
    Always,
}
