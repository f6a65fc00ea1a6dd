using Keel.Core.Agent;
using Keel.Core.Compaction;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Recovery;
using Keel.Core.Sessions;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;

namespace Keel.Tests.Core.Fakes;

/// <summary>An agent loop wired to a scripted model, an instant clock and a temp directory.</summary>
internal sealed class LoopHarness : IDisposable
{
    public LoopHarness(
        IReadOnlyList<ITool> tools,
        PermissionMode mode = PermissionMode.BypassPermissions,
        int? maxTurns = null,
        ISessionRecorder? recorder = null,
        IReadOnlyList<string>? deny = null,
        Func<AgentOptions, AgentOptions>? configure = null,
        string? fallbackModel = null,
        ICredentialSource? credentials = null,
        RetryPolicy? retry = null,
        CompactionSettings? compaction = null,
        IPromptAttachments? attachments = null,
        IReadOnlyList<string>? ask = null,
        IPermissionAsker? asker = null)
    {
        Directory.CreateDirectory(Root);
        Session = new ToolSession(Root, [], Path.Combine(Root, ".session"), Time);
        Policy = new PermissionEngine(new PermissionContext(
            Root,
            [],
            Path.Combine(Root, ".home"),
            mode,
            [
                .. (deny ?? []).Select(text => PermissionRuleParser.Parse(text, PermissionBehavior.Deny, "cliArg", Root).Rule!),
                .. (ask ?? []).Select(text => PermissionRuleParser.Parse(text, PermissionBehavior.Ask, "cliArg", Root).Rule!),
            ]));
        var runner = new ToolRunner(new ToolPipeline(new ToolPipelineParts(tools, Policy, asker ?? new PrompterAsker(new DenyingPrompter()), Session)));
        Caller = new ModelCaller(Model, retry ?? new RetryPolicy { Jitter = static () => 0 }, Time) { FallbackModel = fallbackModel, Credentials = credentials };
        var options = new AgentOptions("claude-sonnet-5-5", tools, [new SystemBlock("system", CacheBreakpoint: true)], 1000, maxTurns);
        options = configure?.Invoke(options) ?? options;
        var cost = new CostTracker();
        Loop = new AgentLoop(options, Caller, runner, Policy, recorder ?? NullSessionRecorder.Instance, cost, "session-1")
        {
            Compaction = compaction is null ? null : new ContextCompactor(Model, compaction, Session, recorder ?? NullSessionRecorder.Instance, cost, Time),
            Attachments = attachments,
        };
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "keel-loop-" + Guid.NewGuid().ToString("N"));

    public ScriptedModelClient Model { get; } = new();

    public ModelCaller Caller { get; }

    public InstantTimeProvider Time { get; } = new();

    public ToolSession Session { get; }

    public PermissionEngine Policy { get; }

    public AgentLoop Loop { get; }

    public async Task<List<AgentEvent>> RunAsync(string prompt, CancellationToken ct = default)
    {
        var events = new List<AgentEvent>();
        await foreach (var e in Loop.RunTurnAsync(Message.UserText(prompt), ct))
        {
            events.Add(e);
        }

        return events;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
