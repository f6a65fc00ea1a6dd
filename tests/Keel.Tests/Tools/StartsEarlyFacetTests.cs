using System.Text.Json;
using Keel.Core.Tools;
using Keel.Tests.Tools.Files;
using Keel.Tests.Tools.Shell;
using Keel.Tools.Files;
using Keel.Tools.Search;

namespace Keel.Tests.Tools;

/// <summary>Which calls say they may start while the response streams: those that only read local state, nothing an editor or the network would see.</summary>
public sealed class StartsEarlyFacetTests : IDisposable
{
    private readonly BashHarness _bash = new();

    [Fact]
    public void Read_Grep_and_Glob_start_early()
    {
        new ReadTool().Facets(Json("""{"file_path":"a.txt"}""")).StartsEarly.ShouldBeTrue();
        new GrepTool().Facets(Json("""{"pattern":"x"}""")).StartsEarly.ShouldBeTrue();
        new GlobTool().Facets(Json("""{"pattern":"*.cs"}""")).StartsEarly.ShouldBeTrue();
    }

    [Fact]
    public void Writes_do_not()
    {
        new WriteTool().Facets(Json("""{"file_path":"a.txt","content":"x"}""")).StartsEarly.ShouldBeFalse();
        new EditTool().Facets(Json("""{"file_path":"a.txt","old_string":"a","new_string":"b"}""")).StartsEarly.ShouldBeFalse();
    }

    [Fact]
    public void A_read_of_an_editors_buffer_waits_for_the_complete_response()
    {
        var session = new ToolSession(Path.GetTempPath(), [], Path.GetTempPath(), TimeProvider.System) { Files = new EditorBuffers() };

        new ReadTool().Facets(Json("""{"file_path":"a.txt"}"""), session).StartsEarly.ShouldBeFalse();
    }

    [Fact]
    public void Bash_starts_early_only_when_its_script_is_proven_read_only_and_runs_locally()
    {
        _bash.Tool.Facets(BashHarness.Input("grep -rn TODO src | head -5"), _bash.Session).StartsEarly.ShouldBeTrue();
        _bash.Tool.Facets(BashHarness.Input("rm -f x"), _bash.Session).StartsEarly.ShouldBeFalse();
        _bash.Tool.Facets(BashHarness.Input("cat a.txt > b.txt"), _bash.Session).StartsEarly.ShouldBeFalse();

        // In an editor's terminal the user would see a command of a response that may yet be abandoned.
        _bash.Session.Terminals = new NoTerminals();
        _bash.Tool.Facets(BashHarness.Input("ls"), _bash.Session).StartsEarly.ShouldBeFalse();
    }

    public void Dispose() => _bash.Dispose();

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private sealed class NoTerminals : IEditorTerminals
    {
        public ValueTask<TerminalRun> RunAsync(TerminalCommand command, Action<string>? progress, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no command runs in these tests");
    }
}
