using System.Text.Json.Serialization;

namespace Keel.Core.Todo;

/// <summary>Where a todo item stands; serialised in the API's snake_case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TodoStatus>))]
public enum TodoStatus
{
    [JsonStringEnumMemberName("pending")]
    Pending,

    [JsonStringEnumMemberName("in_progress")]
    InProgress,

    [JsonStringEnumMemberName("completed")]
    Completed,
}
