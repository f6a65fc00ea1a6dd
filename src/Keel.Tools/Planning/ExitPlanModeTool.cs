using System.Text.Json.Nodes;
using Keel.Core.Interaction;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Tools.Files;

namespace Keel.Tools.Planning;

/// <summary>
/// Presents the plan for review (<see cref="IUserInteraction.ReviewPlanAsync"/>). Approved: the session
/// switches to the chosen mode and the model proceeds. Not approved: plan mode stays and the model gets
/// the feedback. With nobody to ask, <see cref="PlanApprovalPolicy"/> decides.
/// </summary>
public sealed class ExitPlanModeTool : Tool<ExitPlanModeInput>
{
    private readonly PermissionContext _permissions;
    private readonly PlanApprovalPolicy _headless;

    public ExitPlanModeTool(PermissionContext permissions, PlanApprovalPolicy headless)
        : base(static () => PlanningJsonContext.Default.ExitPlanModeInput)
    {
        _permissions = permissions;
        _headless = headless;
    }

    public override string Name => "ExitPlanMode";

    public override ToolKind Kind => ToolKind.Interaction;

    protected override string Description => EmbeddedText.Load(nameof(ExitPlanModeTool));

    protected override bool IsReadOnly(ExitPlanModeInput input) => true;

    protected override bool IsConcurrencySafe(ExitPlanModeInput input) => false;

    protected override string? Validate(ExitPlanModeInput input, ToolSession session) =>
        string.IsNullOrWhiteSpace(input.Plan) ? "plan must not be empty: describe the steps you intend to take." : null;

    protected override async ValueTask<ToolResult> ExecuteAsync(ExitPlanModeInput input, ToolContext context, CancellationToken cancellationToken)
    {
        if (_permissions.Mode != PermissionMode.Plan)
        {
            return ToolResult.Error($"The session is not in plan mode (it is in {PermissionModes.Name(_permissions.Mode)} mode); there is no plan to approve. Go ahead with the task.");
        }

        var interaction = context.Session.Interaction;
        PlanReview review;
        if (interaction.IsAvailable)
        {
            review = await interaction.ReviewPlanAsync(input.Plan, cancellationToken);
        }
        else if (_headless.AutoApproveInto is { } mode)
        {
            review = new PlanReview(true, mode, $"approved automatically ({PlanApprovalPolicy.SettingName} is \"{PermissionModes.Name(mode)}\")");
        }
        else
        {
            review = new PlanReview(false, PermissionMode.Plan,
                $"Nobody is available to approve the plan in this run, and the {PlanApprovalPolicy.SettingName} setting does not approve plans automatically.");
        }

        var details = new JsonObject { ["plan"] = input.Plan, ["approved"] = review.Approved };
        if (!review.Approved)
        {
            var feedback = string.IsNullOrWhiteSpace(review.Feedback) ? "The plan was not approved." : $"The plan was not approved. Feedback: {review.Feedback}";
            details["feedback"] = review.Feedback;
            return ToolResult.Error(feedback + " You are still in plan mode: do not change anything. Revise the plan (or explain what is blocking) and call ExitPlanMode again.", details);
        }

        var next = review.NextMode == PermissionMode.Plan ? PermissionMode.Default : review.NextMode;
        _permissions.Mode = next;
        details["mode"] = PermissionModes.Name(next);
        var note = string.IsNullOrWhiteSpace(review.Feedback) ? string.Empty : $" Note: {review.Feedback}.";
        return ToolResult.Success($"The plan was approved; the session is now in {PermissionModes.Name(next)} mode.{note} Carry out the plan now, step by step.", details);
    }
}
