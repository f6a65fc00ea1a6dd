using Keel.Core.Agent;
using Keel.Core.Todo;
using Keel.Tests.Core.Fakes;
using Keel.Tools.Todo;

namespace Keel.Tests.Core.Agent;

public sealed class TodoEventsTests
{
    [Fact]
    public async Task A_successful_TodoWrite_call_is_reported_as_TodosUpdated_after_its_result()
    {
        using var h = new LoopHarness([new TodoWriteTool()]);
        h.Model
            .ToolUse("TodoWrite", """{"todos":[{"content":"Plan","status":"in_progress","activeForm":"Planning"}]}""")
            .ToolUse("TodoWrite", """{"todos":[{"content":"a","status":"in_progress","activeForm":"A"},{"content":"b","status":"in_progress","activeForm":"B"}]}""")
            .Text("done");

        var events = await h.RunAsync("plan it");

        var updated = events.OfType<TodosUpdated>().Single();
        updated.Todos.Single().ShouldBe(new TodoItem("Plan", TodoStatus.InProgress, "Planning"));
        events.IndexOf(updated).ShouldBeGreaterThan(events.FindIndex(e => e is ToolFinished));
        h.Session.Todos.Items.Single().Content.ShouldBe("Plan");
    }
}
