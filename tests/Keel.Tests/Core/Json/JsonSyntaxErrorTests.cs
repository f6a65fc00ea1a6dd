using System.Text;
using System.Text.Json;
using Keel.Core.Json;

namespace Keel.Tests.Core.Json;

public sealed class JsonSyntaxErrorTests
{
    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip };

    private static JsonSyntaxError ErrorIn(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var exception = Should.Throw<JsonException>(() => JsonDocument.Parse(bytes, Lenient).Dispose());
        return JsonSyntaxError.From(exception, bytes);
    }

    [Theory]
    [InlineData("{\n  \"allow\": [\"Bash\" \"Edit\"]\n}", 2, 20, "a missing comma before this value")]
    [InlineData("{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7, "a missing ':' after the property name")]
    [InlineData("{\n  \"a\": [1, 2,]\n}", 2, 14, "a trailing comma before ']'")]
    [InlineData("{\n  \"a\": 1,\n}", 3, 1, "a trailing comma before '}'")]
    [InlineData("{\n  \"a\": 'x'\n}", 2, 8, "a string in single quotes; JSON needs double quotes")]
    [InlineData("{\n  \"a\": 1\n  oops\n}", 3, 3, "unexpected text 'oops'")]
    [InlineData("{\n  \"a\": tru\n}", 2, 8, "unexpected text 'tru'")]
    [InlineData("{\n  \"a\": {\"b\": 1}\n", 3, 1, "the file ends before the JSON is complete (a missing '}', ']' or '\"'?)")]
    [InlineData("{\"a\": \"unterminated", 1, 20, "the file ends before the JSON is complete (a missing '}', ']' or '\"'?)")]
    [InlineData("{\"a\": 1} {\"b\": 2}", 1, 10, "unexpected character '{'")]
    [InlineData("{\"key\": \"välue\" ±}", 1, 17, "unexpected character '±'")]
    public void Names_the_line_the_column_and_the_mistake(string text, long line, long column, string what)
    {
        var error = ErrorIn(text);

        (error.Line, error.Column, error.What).ShouldBe((line, column, what));
    }

    [Fact]
    public void Reads_as_path_line_column_what()
    {
        ErrorIn("{\n  \"a\": 1,\n}").At("/p/settings.json").ShouldBe("/p/settings.json:3:1: a trailing comma before '}'");
    }

    [Fact]
    public void Never_shows_the_parsers_own_words()
    {
        foreach (var text in new[] { "{", "[1,,2]", "{\"a\":}", "nul", "{\"a\" 1}", "\"\\x\"", "{\"a\":1}}", "{\"a\":01}" })
        {
            var what = ErrorIn(text).What;
            what.ShouldNotContain("LineNumber");
            what.ShouldNotContain("BytePosition");
            what.ShouldNotContain("Path:");
            what.Length.ShouldBeLessThan(80);
        }
    }
}
