using System.Text.Json;
using Keel.Core.Todo;
using Keel.Core.Tools;
using Keel.Tools.Todo;

namespace Keel.Tests.Tools.Todo;

public sealed class TodoWriteToolTests
{
    private readonly ToolSession _session = new(Path.GetTempPath(), [], Path.GetTempPath(), TimeProvider.System);

    private async Task<ToolResult> WriteAsync(string inputJson)
    {
        using var input = JsonDocument.Parse(inputJson);
        return await new TodoWriteTool().ExecuteAsync(input.RootElement, new ToolContext("t1", _session), CancellationToken.None);
    }

    [Fact]
    public async Task The_list_is_kept_in_the_session_and_the_result_confirms_it()
    {
        var result = await WriteAsync("""
            {"todos":[
              {"content":"Write the parser","status":"completed","activeForm":"Writing the parser"},
              {"content":"Run the tests","status":"in_progress","activeForm":"Running the tests"},
              {"content":"Update the docs","status":"pending","activeForm":"Updating the docs"}]}
            """);

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldContain("1 of 3 completed");
        result.Text.ShouldContain("In progress: Run the tests");
        _session.Todos.Items.Select(i => i.Status).ShouldBe([TodoStatus.Completed, TodoStatus.InProgress, TodoStatus.Pending]);
        _session.Todos.Items[1].ActiveForm.ShouldBe("Running the tests");
        result.Details!["newTodos"]![1]!["status"]!.GetValue<string>().ShouldBe("in_progress");
    }

    [Fact]
    public async Task Each_call_replaces_the_whole_list()
    {
        await WriteAsync("""{"todos":[{"content":"a","status":"pending","activeForm":"doing a"},{"content":"b","status":"pending","activeForm":"doing b"}]}""");
        var result = await WriteAsync("""{"todos":[{"content":"c","status":"in_progress","activeForm":"doing c"}]}""");

        result.IsError.ShouldBeFalse();
        _session.Todos.Items.Single().Content.ShouldBe("c");
        result.Details!["oldTodos"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Two_tasks_in_progress_are_refused_with_a_message_the_model_can_act_on()
    {
        var result = await WriteAsync("""{"todos":[{"content":"a","status":"in_progress","activeForm":"doing a"},{"content":"b","status":"in_progress","activeForm":"doing b"}]}""");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("Only one task may be in_progress");
        result.Text.ShouldContain("a; b");
        _session.Todos.Items.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"todos":[{"content":"a","status":"started","activeForm":"doing a"}]}""")]
    [InlineData("""{"todos":[{"content":"","status":"pending","activeForm":"doing a"}]}""")]
    [InlineData("""{"todos":[{"content":"a","status":"pending","activeForm":" "}]}""")]
    [InlineData("""{}""")]
    public async Task Malformed_lists_are_error_results(string input)
    {
        var result = await WriteAsync(input);

        result.IsError.ShouldBeTrue();
        _session.Todos.Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Open_tasks_render_for_reattachment_after_compaction()
    {
        var attachment = _session.Todos;
        attachment.Render().ShouldBeNull();

        await WriteAsync("""{"todos":[{"content":"Fix the bug","status":"in_progress","activeForm":"Fixing the bug"},{"content":"Ship","status":"pending","activeForm":"Shipping"}]}""");

        var text = attachment.Render()!;
        text.ShouldContain("- [in_progress] Fix the bug");
        text.ShouldContain("- [pending] Ship");

        await WriteAsync("""{"todos":[{"content":"Fix the bug","status":"completed","activeForm":"Fixing the bug"}]}""");
        attachment.Render().ShouldBeNull();
    }

    [Fact]
    public void The_schema_lists_the_three_statuses()
    {
        var schema = new TodoWriteTool().Definition.InputSchema.GetRawText();

        schema.ShouldContain("\"in_progress\"");
        schema.ShouldContain("\"activeForm\"");
    }
}
