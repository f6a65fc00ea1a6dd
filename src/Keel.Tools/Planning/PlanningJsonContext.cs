using System.Text.Json.Serialization;
using Keel.Tools.Questions;

namespace Keel.Tools.Planning;

/// <summary>Source-generated metadata for the planning and question tools' inputs.</summary>
[JsonSerializable(typeof(EnterPlanModeInput))]
[JsonSerializable(typeof(ExitPlanModeInput))]
[JsonSerializable(typeof(AskUserQuestionInput))]
internal sealed partial class PlanningJsonContext : JsonSerializerContext;
