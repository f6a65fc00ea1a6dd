using System.Text;
using System.Text.Json.Nodes;
using Keel.Core.Interaction;
using Keel.Core.Tools;
using Keel.Tools.Files;
using Keel.Tools.Planning;

namespace Keel.Tools.Questions;

/// <summary>
/// Asks the user multiple-choice questions through <see cref="ToolSession.Interaction"/>. Without anyone to
/// answer, the model is told to proceed on its own judgement; that is a normal result, not a failure.
/// </summary>
public sealed class AskUserQuestionTool : Tool<AskUserQuestionInput>
{
    public const string NobodyAvailable =
        "No user is available to answer questions in this run. Proceed with your best judgement, and state the assumption you made for each question in your reply.";

    public AskUserQuestionTool()
        : base(static () => PlanningJsonContext.Default.AskUserQuestionInput)
    {
    }

    public override string Name => "AskUserQuestion";

    public override ToolKind Kind => ToolKind.Interaction;

    // Rarely needed: sent by name only when tool search is on.
    public override bool IsDeferrable => true;

    protected override string Description => EmbeddedText.Load(nameof(AskUserQuestionTool));

    protected override bool IsReadOnly(AskUserQuestionInput input) => true;

    // Two pickers at once would fight over the screen.
    protected override bool IsConcurrencySafe(AskUserQuestionInput input) => false;

    protected override string? Validate(AskUserQuestionInput input, ToolSession session)
    {
        if (input.Questions is null || input.Questions.Count is < 1 or > 4)
        {
            return "questions must hold 1 to 4 questions.";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < input.Questions.Count; i++)
        {
            var q = input.Questions[i];
            var where = $"questions[{i}]";
            if (q is null || string.IsNullOrWhiteSpace(q.Question))
            {
                return $"{where}.question must not be empty.";
            }

            if (!seen.Add(q.Question))
            {
                return $"{where}: the question \"{q.Question}\" is asked twice; each question must be distinct.";
            }

            if (string.IsNullOrWhiteSpace(q.Header))
            {
                return $"{where}.header must not be empty.";
            }

            if (q.Options is null || q.Options.Count is < 2 or > 4)
            {
                return $"{where}.options must hold 2 to 4 options.";
            }

            var labels = new HashSet<string>(StringComparer.Ordinal);
            foreach (var option in q.Options)
            {
                if (option is null || string.IsNullOrWhiteSpace(option.Label))
                {
                    return $"{where}: every option needs a label.";
                }

                if (!labels.Add(option.Label))
                {
                    return $"{where}: the option \"{option.Label}\" appears twice.";
                }
            }
        }

        return null;
    }

    protected override async ValueTask<ToolResult> ExecuteAsync(AskUserQuestionInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var questions = input.Questions
            .Select(static q => new UserQuestion(q.Question, q.Header, [.. q.Options.Select(static o => new QuestionOption(o.Label, o.Description ?? string.Empty))], q.MultiSelect))
            .ToList();
        var details = new JsonObject { ["questions"] = new JsonArray([.. questions.Select(static q => (JsonNode?)JsonValue.Create(q.Question))]) };
        var interaction = context.Session.Interaction;
        if (!interaction.IsAvailable)
        {
            details["answered"] = false;
            return ToolResult.Success(NobodyAvailable, details);
        }

        var answers = await interaction.AskQuestionsAsync(questions, cancellationToken);
        if (answers is null)
        {
            details["answered"] = false;
            return ToolResult.Error("The user dismissed the questions without answering. Do not assume an answer: stop and ask in plain text what they want, or continue only with what does not depend on these choices.", details);
        }

        var text = new StringBuilder("The user answered:\n");
        var answered = new JsonObject();
        foreach (var q in questions)
        {
            var answer = answers.TryGetValue(q.Question, out var a) && !string.IsNullOrWhiteSpace(a) ? a : "(no answer)";
            text.Append("- \"").Append(q.Question).Append("\" → ").Append(answer).Append('\n');
            answered[q.Question] = answer;
        }

        details["answered"] = true;
        details["answers"] = answered;
        return ToolResult.Success(text.Append("Continue with these answers in mind.").ToString(), details);
    }
}
