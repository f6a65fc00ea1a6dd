namespace Keel.EndToEnd.Tests.Memory;

/// <summary>Where keel keeps a workspace's memory, computed the way a user would find it on disk.</summary>
internal static class MemoryPaths
{
    public static string ProjectMemory(Scenario s) =>
        Path.Combine(s.Workspace.ConfigDir, "projects", Sanitize(s.Workspace.Path), "memory");

    public static string Sanitize(string path) => new([.. path.Select(static c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);

    public static string SystemText(Keel.Testing.FakeServer.RecordedRequest request) =>
        string.Concat(request.System!.AsArray().Select(b => (string?)b!["text"]));

    public static string LastUserText(Keel.Testing.FakeServer.RecordedRequest request) =>
        request.Messages![^1]!["content"] switch
        {
            System.Text.Json.Nodes.JsonValue v => v.GetValue<string>(),
            System.Text.Json.Nodes.JsonArray a => string.Concat(a.Select(b => (string?)b!["text"] ?? Scenario.ResultText(b!))),
            _ => string.Empty,
        };

    public const string SelectorMarker = "You choose which saved memory files";
}
