using Keel.Core.Agent;

namespace Keel.Cli.Headless;

/// <summary>Writes a headless run in one of the output formats.</summary>
public interface IHeadlessSink
{
    void Start();

    void OnEvent(AgentEvent agentEvent);

    /// <summary>Writes the end of the run; returns the process exit code.</summary>
    int Finish(TurnFinished finished);
}
