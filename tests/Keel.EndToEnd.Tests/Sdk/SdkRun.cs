using System.Text.Json.Nodes;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Sdk;

/// <summary>What a drive.mjs scenario printed: the SDK messages it received and the notes its callbacks took.</summary>
internal sealed class SdkRun
{
    public SdkRun(KeelResult result)
    {
        Result = result;
        Lines = [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => JsonNode.Parse(l)!)];
    }

    public KeelResult Result { get; }

    public IReadOnlyList<JsonNode> Lines { get; }

    public IReadOnlyList<JsonNode> Messages => [.. Lines.Where(static l => (string?)l["kind"] == "message").Select(static l => l["message"]!)];

    public IReadOnlyList<JsonNode> Results => [.. Messages.Where(static m => (string?)m["type"] == "result")];

    public IReadOnlyList<JsonNode> Notes(string what) => [.. Lines.Where(l => (string?)l["kind"] == "note" && (string?)l["what"] == what)];

    public IReadOnlyList<JsonNode> System(string subtype) =>
        [.. Messages.Where(m => (string?)m["type"] == "system" && (string?)m["subtype"] == subtype)];

    /// <summary>The scenario ran to its end without the SDK throwing.</summary>
    public void ShouldBeDone()
    {
        Result.ExitCode.ShouldBe(0, Result.ToString());
        ((string?)Lines[^1]["kind"]).ShouldBe("done", Result.ToString());
    }

    public override string ToString() => Result.ToString();
}
