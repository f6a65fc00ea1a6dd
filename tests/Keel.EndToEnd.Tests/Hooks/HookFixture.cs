using System.Text.Json.Nodes;
using Keel.Testing.Workspace;

namespace Keel.EndToEnd.Tests.Hooks;

/// <summary>Writes hook scripts and the settings that register them, under <c>.claude/</c> or <c>.keel/</c>.</summary>
internal static class HookFixture
{
    /// <summary>Writes an executable bash script to <c>&lt;dir&gt;/hooks/&lt;name&gt;</c> and returns the command that runs it.</summary>
    public static string Script(TempWorkspace workspace, string dir, string name, string body)
    {
        var path = workspace.Write($"{dir}/hooks/{name}", "#!/usr/bin/env bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // The idiom users' settings already contain: the project dir comes from the environment.
        var variable = dir == ".claude" ? "CLAUDE_PROJECT_DIR" : "KEEL_PROJECT_DIR";
        return $"\"${variable}\"/{dir}/hooks/{name}";
    }

    /// <summary>Writes <c>&lt;dir&gt;/settings.json</c> with one matcher group per (event, matcher, command).</summary>
    public static void Settings(TempWorkspace workspace, string dir, params (string Event, string? Matcher, string Command, int? Timeout)[] hooks) =>
        workspace.Write($"{dir}/settings.json", SettingsJson(hooks).ToJsonString());

    public static JsonObject SettingsJson(params (string Event, string? Matcher, string Command, int? Timeout)[] hooks)
    {
        var events = new JsonObject();
        foreach (var (hookEvent, matcher, command, timeout) in hooks)
        {
            var handler = new JsonObject { ["type"] = "command", ["command"] = command };
            if (timeout is { } seconds)
            {
                handler["timeout"] = seconds;
            }

            var group = new JsonObject { ["hooks"] = new JsonArray(handler) };
            if (matcher is not null)
            {
                group["matcher"] = matcher;
            }

            if (events[hookEvent] is not JsonArray list)
            {
                events[hookEvent] = list = [];
            }

            list.Add((JsonNode)group);
        }

        return new JsonObject { ["hooks"] = events };
    }

    /// <summary>The text of every block of a request's first user message.</summary>
    public static string FirstUserText(Keel.Testing.FakeServer.RecordedRequest request) =>
        string.Concat(request.Messages![0]!["content"]!.AsArray().Select(b => (string?)b!["text"]));
}
