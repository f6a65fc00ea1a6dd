using System.Text.Json.Nodes;
using Keel.Core.Interaction;
using Keel.Core.Permissions;
using Keel.Tests.Tools.Files;
using Keel.Tools.Planning;
using Keel.Tools.Questions;

namespace Keel.Tests.Tools.Planning;

public sealed class PlanAndQuestionToolTests : IDisposable
{
    private readonly ToolHarness _h = new();
    private readonly PermissionContext _permissions;

    public PlanAndQuestionToolTests()
    {
        _permissions = new PermissionContext(_h.Root, [], _h.Root, PermissionMode.Default, []);
    }

    [Fact]
    public async Task Enter_then_exit_headless_without_approval_keeps_plan_mode()
    {
        (await _h.RunAsync(new EnterPlanModeTool(_permissions), [])).IsError.ShouldBeFalse();
        _permissions.Mode.ShouldBe(PermissionMode.Plan);

        var result = await _h.RunAsync(new ExitPlanModeTool(_permissions, PlanApprovalPolicy.Deny), new JsonObject { ["plan"] = "1. edit a.txt" });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("not approved");
        result.Text.ShouldContain("still in plan mode");
        _permissions.Mode.ShouldBe(PermissionMode.Plan);
    }

    [Fact]
    public async Task The_setting_can_approve_plans_headless_into_a_chosen_mode()
    {
        _permissions.Mode = PermissionMode.Plan;
        var policy = PlanApprovalPolicy.Parse("acceptEdits");

        var result = await _h.RunAsync(new ExitPlanModeTool(_permissions, policy), new JsonObject { ["plan"] = "do it" });

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldContain("acceptEdits");
        _permissions.Mode.ShouldBe(PermissionMode.AcceptEdits);
    }

    [Fact]
    public async Task A_reviewer_rejection_returns_the_feedback_and_approval_switches_mode()
    {
        _permissions.Mode = PermissionMode.Plan;
        var reviewer = new ScriptedInteraction(new PlanReview(false, PermissionMode.Plan, "also update the docs"));
        _h.Session.Interaction = reviewer;

        var rejected = await _h.RunAsync(new ExitPlanModeTool(_permissions, PlanApprovalPolicy.Deny), new JsonObject { ["plan"] = "p1" });
        rejected.Text.ShouldContain("also update the docs");
        _permissions.Mode.ShouldBe(PermissionMode.Plan);

        reviewer.Review = new PlanReview(true, PermissionMode.Default);
        var approved = await _h.RunAsync(new ExitPlanModeTool(_permissions, PlanApprovalPolicy.Deny), new JsonObject { ["plan"] = "p2" });
        approved.IsError.ShouldBeFalse();
        _permissions.Mode.ShouldBe(PermissionMode.Default);
        reviewer.Plans.ShouldBe(["p1", "p2"]);
    }

    [Fact]
    public void Unknown_approval_settings_warn_and_deny()
    {
        var warnings = new List<string>();
        PlanApprovalPolicy.Parse("yes please", warnings).AutoApproveInto.ShouldBeNull();
        warnings.ShouldHaveSingleItem().ShouldContain("planModeApproval");
    }

    [Fact]
    public async Task Questions_headless_tell_the_model_to_proceed_on_its_own_judgement()
    {
        var result = await _h.RunAsync(new AskUserQuestionTool(), Questions());

        result.IsError.ShouldBeFalse();
        result.Text.ShouldBe(AskUserQuestionTool.NobodyAvailable);
    }

    [Fact]
    public async Task Questions_are_answered_through_the_interaction()
    {
        _h.Session.Interaction = new ScriptedInteraction(new PlanReview(true, PermissionMode.Default)) { Answers = new Dictionary<string, string> { ["Which db?"] = "Postgres" } };

        var result = await _h.RunAsync(new AskUserQuestionTool(), Questions());

        result.Text.ShouldContain("\"Which db?\" → Postgres");
    }

    [Fact]
    public async Task Invalid_questions_are_refused_with_a_reason()
    {
        var one = new JsonObject { ["questions"] = new JsonArray(new JsonObject { ["question"] = "Q?", ["header"] = "H", ["options"] = new JsonArray(new JsonObject { ["label"] = "only", ["description"] = "d" }) }) };

        var result = await _h.RunAsync(new AskUserQuestionTool(), one);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("2 to 4 options");
    }

    private static JsonObject Questions() => new()
    {
        ["questions"] = new JsonArray(new JsonObject
        {
            ["question"] = "Which db?",
            ["header"] = "Database",
            ["multiSelect"] = false,
            ["options"] = new JsonArray(new JsonObject { ["label"] = "Postgres", ["description"] = "server" }, new JsonObject { ["label"] = "SQLite", ["description"] = "file" }),
        }),
    };

    public void Dispose() => _h.Dispose();

    private sealed class ScriptedInteraction(PlanReview review) : IUserInteraction
    {
        public PlanReview Review { get; set; } = review;

        public List<string> Plans { get; } = [];

        public IReadOnlyDictionary<string, string>? Answers { get; init; }

        public bool IsAvailable => true;

        public ValueTask<IReadOnlyDictionary<string, string>?> AskQuestionsAsync(IReadOnlyList<UserQuestion> questions, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Answers);

        public ValueTask<PlanReview> ReviewPlanAsync(string plan, CancellationToken cancellationToken)
        {
            Plans.Add(plan);
            return ValueTask.FromResult(Review);
        }
    }
}
