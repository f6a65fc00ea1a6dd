namespace Keel.Core.Tools;

/// <summary>What a tool does, in the terms permissions, read-only agents and MCP annotations care about.</summary>
public enum ToolKind
{
    /// <summary>Reads files or data; changes nothing.</summary>
    Read,

    /// <summary>Changes files.</summary>
    Write,

    /// <summary>Runs commands.</summary>
    Exec,

    /// <summary>Reaches a host the model chose (rules match the URL's domain).</summary>
    Network,

    /// <summary>Works with the user or Keel's own session state (todos, plan mode, questions, skills, subagents, background tasks).</summary>
    Interaction,
}
