using System.Text.Json;
using Keel.Mcp.Hooks;

namespace Keel.Tests.Hooks;

public sealed class HookToolArgumentsTests
{
    private const string Event = """
        {"session_id":"s-1","hook_event_name":"PreToolUse","tool_name":"Edit",
         "tool_input":{"file_path":"/p/app.cs","edits":[{"old_string":"a","new_string":"b"}],"replace_all":true,"limits":{"max":3}}}
        """;

    private static string Fill(string template)
    {
        using var document = JsonDocument.Parse(template);
        using var filled = HookToolArguments.Fill(document.RootElement, Event);
        return filled.RootElement.GetRawText();
    }

    [Fact]
    public void References_are_filled_from_the_event_input()
    {
        Fill("""{"path":"${tool_input.file_path}","who":"${session_id}","first":"${tool_input.edits.0.old_string}"}""")
            .ShouldBe("""{"path":"/p/app.cs","who":"s-1","first":"a"}""");
    }

    [Fact]
    public void A_whole_reference_keeps_the_values_type_and_text_around_a_reference_makes_text()
    {
        Fill("""{"all":"${tool_input.replace_all}","limits":"${tool_input.limits}","line":"edit ${tool_input.file_path} (all: ${tool_input.replace_all})","nested":["${tool_name}",{"k":"${hook_event_name}"}],"n":5}""")
            .ShouldBe("""{"all":true,"limits":{"max":3},"line":"edit /p/app.cs (all: true)","nested":["Edit",{"k":"PreToolUse"}],"n":5}""");
    }

    [Fact]
    public void A_reference_to_nothing_is_empty_text_and_no_input_is_an_empty_object()
    {
        Fill("""{"x":"${tool_input.missing}","y":"a${nope.deeper}b"}""").ShouldBe("""{"x":"","y":"ab"}""");
        using var empty = HookToolArguments.Fill(null, Event);
        empty.RootElement.GetRawText().ShouldBe("{}");
    }
}
