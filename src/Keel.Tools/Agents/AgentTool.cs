using System.Globalization;
using System.Text;
using Keel.Core.Agent.Subagents;
using Keel.Core.Tools;

namespace Keel.Tools.Agents;

/// <summary>
/// Spawns a subagent. Concurrency-safe, so several calls in one response run in parallel (the runner
/// bounds how many talk to the model at once); read-only as far as the runner is concerned, because
/// every tool call the child makes goes through the permission engine on its own.
/// </summary>
internal sealed class AgentTool : Tool<AgentInput>
{
    private readonly ISubagentRunner _runner;
    private readonly int _depth;
    private string? _description;

    public AgentTool(ISubagentRunner runner, int depth)
        : base(static () => AgentsJsonContext.Default.AgentInput)
    {
        _runner = runner;
        _depth = depth;
    }

    public override string Name => "Agent";

    public override ToolKind Kind => ToolKind.Interaction;

    /// <summary>The tool was called Task before; rules written for that name govern it.</summary>
    public override IReadOnlyList<string> RuleAliases => ["Task"];

    /// <summary><c>Agent(Explore)</c> rules match the agent type.</summary>
    protected override ToolFacets Describe(AgentInput input, ToolSession session) => base.Describe(input, session) with
    {
        RuleContent = input.SubagentType,
        Summary = input.Description,
    };

    protected override string Description => _description ??= BuildDescription(_runner.Catalog.All);

    protected override bool IsReadOnly(AgentInput input) => true;

    protected override string? Validate(AgentInput input, ToolSession session)
    {
        if (string.IsNullOrWhiteSpace(input.Prompt))
        {
            return "<tool_use_error>InputValidationError: Agent needs a non-empty prompt.</tool_use_error>";
        }

        if (input.Isolation is { Length: > 0 } isolation && isolation != "worktree")
        {
            return $"<tool_use_error>InputValidationError: isolation '{isolation}' is not known; the one isolation is \"worktree\".</tool_use_error>";
        }

        return _runner.Catalog.Find(input.SubagentType ?? BuiltInAgents.GeneralPurpose) is null
            ? $"<tool_use_error>InputValidationError: there is no agent type '{input.SubagentType}'. Available types: {string.Join(", ", _runner.Catalog.All.Select(static a => a.Name))}.</tool_use_error>"
            : null;
    }

    protected override async ValueTask<ToolResult> ExecuteAsync(AgentInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var agent = _runner.Catalog.Find(input.SubagentType ?? BuiltInAgents.GeneralPurpose)!;
        var background = context.Session.Background;
        var id = background.NextId("agent");
        var request = new SubagentRequest(agent, input.Description, input.Prompt, id, context.ToolUseId, _depth + 1, input.Model) { IsolatedInWorktree = input.Isolation == "worktree" };
        if (input.RunInBackground == true)
        {
            var task = BackgroundAgent.Start(request, _runner, background, context.Session.Time);
            background.Register(task);
            return ToolResult.Success($"Agent {id} ({agent.Name}) is working in the background on: {input.Description}. Its result will arrive as a message when it finishes; do not wait for it or poll.");
        }

        var result = await _runner.RunAsync(request, cancellationToken);
        var text = (result.Text.Length > 0 ? result.Text : "(the agent returned no text)") + "\n\n" + Footer(id, result);
        return result.IsError ? ToolResult.Error(text) : ToolResult.Success(text);
    }

    public static string Footer(string id, SubagentResult result) =>
        string.Create(CultureInfo.InvariantCulture, $"[agent {id}: {result.Turns} turn{(result.Turns == 1 ? string.Empty : "s")}, {result.TotalTokens} tokens]");

    /// <summary>The fixed text, then the agent types sorted by name, so the bytes are stable for a given catalog.</summary>
    private static string BuildDescription(IReadOnlyList<AgentDefinition> agents)
    {
        var text = new StringBuilder(EmbeddedText.Load("Agent.md"));
        text.Append("\n\nAvailable agent types (subagent_type; general-purpose when omitted):\n");
        foreach (var agent in agents.OrderBy(static a => a.Name, StringComparer.Ordinal))
        {
            text.Append("- ").Append(agent.Name).Append(": ").Append(agent.Description.ReplaceLineEndings(" "));
            text.Append(" (Tools: ").Append(agent.ToolsText);
            if (agent.DisallowedTools.Count > 0)
            {
                text.Append("; not ").Append(string.Join(", ", agent.DisallowedTools));
            }

            text.Append(")\n");
        }

        return text.ToString().TrimEnd();
    }
}
