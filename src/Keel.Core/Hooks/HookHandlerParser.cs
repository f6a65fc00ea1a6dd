using System.Text.Json;

namespace Keel.Core.Hooks;

/// <summary>Reads one <c>{ "type": ..., ... }</c> handler object.</summary>
public static class HookHandlerParser
{
    public static (HookHandler? Handler, string? Error) Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, "a hook handler is not an object");
        }

        var type = String(element, "type") ?? "command";
        int? timeout = null;
        if (element.TryGetProperty("timeout", out var t))
        {
            if (t.ValueKind != JsonValueKind.Number || !t.TryGetDouble(out var seconds) || seconds <= 0)
            {
                return (null, "a hook's \"timeout\" must be a positive number of seconds");
            }

            timeout = (int)Math.Ceiling(Math.Min(seconds, 86_400));
        }

        var condition = String(element, "if");
        var (handler, error) = ParseType(element, type, timeout, condition);
        if (handler is null)
        {
            return (null, error);
        }

        // asyncRewake is a kind of async: it runs in the background too.
        var rewake = Bool(element, "asyncRewake");
        return (handler with
        {
            Async = rewake || Bool(element, "async"),
            AsyncRewake = rewake,
            Once = Bool(element, "once"),
            StatusMessage = String(element, "statusMessage"),
        }, null);
    }

    private static (HookHandler? Handler, string? Error) ParseType(JsonElement element, string type, int? timeout, string? condition)
    {
        switch (type)
        {
            case "command":
                var command = String(element, "command");
                var args = Strings(element, "args");
                if (string.IsNullOrWhiteSpace(command))
                {
                    return (null, "a command hook has no \"command\"");
                }

                return (new HookHandler(type, command, null, timeout, condition) { Args = args }, null);
            case "http":
                var url = String(element, "url");
                if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    return (null, $"an http hook needs an http(s) \"url\" (got {url ?? "nothing"})");
                }

                var headers = new Dictionary<string, string>(StringComparer.Ordinal);
                if (element.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
                {
                    foreach (var header in h.EnumerateObject())
                    {
                        if (header.Value.ValueKind == JsonValueKind.String)
                        {
                            headers[header.Name] = header.Value.GetString()!;
                        }
                    }
                }

                return (new HookHandler(type, null, url, timeout, condition) { Headers = headers, AllowedEnvVars = Strings(element, "allowedEnvVars") ?? [] }, null);
            case "prompt" or "agent":
                var prompt = String(element, "prompt");
                if (string.IsNullOrWhiteSpace(prompt))
                {
                    return (null, $"a hook of type \"{type}\" has no \"prompt\"");
                }

                return (new HookHandler(type, null, null, timeout, condition) { Prompt = prompt, Model = String(element, "model") }, null);
            case "mcp_tool":
                var server = String(element, "server");
                var tool = String(element, "tool");
                if (string.IsNullOrWhiteSpace(server) || string.IsNullOrWhiteSpace(tool))
                {
                    return (null, "an mcp_tool hook needs \"server\" and \"tool\"");
                }

                JsonElement? arguments = null;
                if (element.TryGetProperty("input", out var input))
                {
                    if (input.ValueKind != JsonValueKind.Object)
                    {
                        return (null, $"the \"input\" of mcp_tool hook {server}/{tool} must be an object");
                    }

                    arguments = input.Clone();
                }

                return (new HookHandler(type, null, null, timeout, condition) { Server = server, Tool = tool, ToolArguments = arguments }, null);
            default:
                return (null, $"Keel does not support hooks of type \"{type}\" (command, http, mcp_tool, prompt and agent are supported)");
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static List<string>? Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(static v => v.ValueKind == JsonValueKind.String).Select(static v => v.GetString()!)]
            : null;
}
