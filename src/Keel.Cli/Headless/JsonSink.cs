using System.Text.Json;
using Keel.Core.Agent;
using Keel.Core.Hooks;

namespace Keel.Cli.Headless;

/// <summary><c>--output-format json</c>: one result object when the run ends.</summary>
public sealed class JsonSink(HeadlessContext context, int? maxTurns) : IHeadlessSink
{
    public void Start()
    {
    }

    public void OnEvent(AgentEvent agentEvent)
    {
        if (agentEvent is HookNotice notice)
        {
            context.Stderr.WriteLine(notice.Message);
        }
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
