using Keel.Core.Skills;
using Keel.Core.Tools;
using Keel.Tools.Files;

namespace Keel.Tools.Skills;

/// <summary>The model's way to load a listed skill's full instructions on demand.</summary>
public sealed class SkillTool : Tool<SkillInput>
{
    private readonly SkillInvoker? _invoker;
    private readonly Func<string> _sessionId;

    /// <summary>For schema generation and tests that only need the definition.</summary>
    public SkillTool()
        : this(null, static () => string.Empty)
    {
    }

    public SkillTool(SkillInvoker? invoker, Func<string> sessionId)
        : base(static () => SkillsJsonContext.Default.SkillInput)
    {
        _invoker = invoker;
        _sessionId = sessionId;
    }

    public override string Name => "Skill";

    public override ToolKind Kind => ToolKind.Interaction;

    protected override ToolFacets Describe(SkillInput input, ToolSession session) => base.Describe(input, session) with { Summary = input.Skill };

    protected override string Description => EmbeddedText.Load(nameof(SkillTool));

    public override int MaxResultChars => 100_000;

    protected override string? Validate(SkillInput input, ToolSession session) =>
        string.IsNullOrWhiteSpace(input.Skill) ? "skill must name a skill from the listing." : null;

    protected override async ValueTask<ToolResult> ExecuteAsync(SkillInput input, ToolContext context, CancellationToken cancellationToken)
    {
        if (_invoker is null)
        {
            return ToolResult.Error("No skills are available in this session.");
        }

        var skill = _invoker.Catalog.Find(input.Skill);
        if (skill is null || skill.DisableModelInvocation || !_invoker.Catalog.IsAvailable(skill))
        {
            var names = string.Join(", ", _invoker.Catalog.ModelInvocable.Select(static s => s.Name));
            return ToolResult.Error($"There is no skill named \"{input.Skill}\" that you can invoke. Available: {(names.Length == 0 ? "none" : names)}.");
        }

        var invalid = _invoker.Policy.AllowForTurn(skill.AllowedTools);
        var content = await _invoker.LoadAsync(skill, input.Args ?? string.Empty, context.Session, _sessionId(), cancellationToken);
        if (skill.Model is { Length: > 0 } model && !(skill.Forks && _invoker.Fork is not null))
        {
            // The skill's instructions are followed on the model it names (a forked skill already ran on it).
            context.Session.UseModelForTurn?.Invoke(model);
        }
        if (invalid.Count > 0)
        {
            content += $"\n(Ignored allowed-tools entries that are not valid rules: {string.Join(", ", invalid)}.)";
        }

        return ToolResult.Success(content);
    }
}
