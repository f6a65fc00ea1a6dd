using System.Text.Json;
using Keel.Core.Agent;

namespace Keel.Cli.Headless;

/// <summary><c>--output-format json</c>: one result object when the run ends.</summary>
public sealed class JsonSink(HeadlessContext context, int? maxTurns) : IHeadlessSink
{
    public void Start()
    {
    }

    public void OnEvent(AgentEvent agentEvent)
    {
    }

    public int Finish(TurnFinished finished)
    {
        using (var writer = new Utf8JsonWriter(context.Stdout, OutputJson.Options))
        {
            ResultJson.Write(writer, finished, context, maxTurns);
        }

        context.Stdout.Write("\n"u8);
        context.Stdout.Flush();
        return ResultJson.ExitCode(finished, context);
    }
}
