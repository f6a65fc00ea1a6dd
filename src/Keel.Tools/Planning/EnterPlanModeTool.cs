using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Tools.Files;

namespace Keel.Tools.Planning;

/// <summary>Switches the session into plan mode: from here on only read-only tools run until a plan is approved.</summary>
public sealed class EnterPlanModeTool : Tool<EnterPlanModeInput>
{
    private readonly PermissionContext _permissions;

    public EnterPlanModeTool(PermissionContext permissions)
        : base(static () => PlanningJsonContext.Default.EnterPlanModeInput)
    {
        _permissions = permissions;
    }

    public override string Name => "EnterPlanMode";

    public override ToolKind Kind => ToolKind.Interaction;

    // Rarely needed: sent by name only when tool search is on.
    public override bool IsDeferrable => true;

    protected override string Description => EmbeddedText.Load(nameof(EnterPlanModeTool));

    protected override bool IsReadOnly(EnterPlanModeInput input) => true;

    protected override bool IsConcurrencySafe(EnterPlanModeInput input) => false;

    protected override ValueTask<ToolResult> ExecuteAsync(EnterPlanModeInput input, ToolContext context, CancellationToken cancellationToken)
    {
        if (_permissions.Mode == PermissionMode.Plan)
        {
            return ValueTask.FromResult(ToolResult.Success("The session is already in plan mode. Explore, then present the plan with ExitPlanMode."));
        }

        if (_permissions.Mode == PermissionMode.BypassPermissions)
        {
            // Leaving bypass silently would surprise a user who chose it; planning still works by convention.
            return ValueTask.FromResult(ToolResult.Error("The session runs in bypassPermissions mode, which the model may not change. Plan in text instead, then carry out the plan."));
        }

        _permissions.Mode = PermissionMode.Plan;
        return ValueTask.FromResult(ToolResult.Success(PlanModeText.Entered));
    }
}
