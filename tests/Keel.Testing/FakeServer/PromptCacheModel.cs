using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel.Testing.FakeServer;

/// <summary>
/// The provider's prompt cache as the fake server models it: a request's prompt is its blocks in wire order (each
/// tool, each system block, each content block of each message), keyed by model. A block carrying
/// <c>cache_control</c> is a breakpoint: the prefix up to it is written to the cache. A later request reads the
/// longest cached prefix it starts with, byte for byte (the markers themselves are not content). Tokens are
/// counted as four bytes each, the estimate Keel itself uses.
/// </summary>
public sealed class PromptCacheModel
{
    private readonly Dictionary<string, long> _cached = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Accounts one Messages API request body; null when it is not one.</summary>
    public CacheUse? Account(JsonNode? body)
    {
        if (body is not JsonObject root || root["messages"] is not JsonArray messages)
        {
            return null;
        }

        var blocks = new List<(string Text, bool Breakpoint)>();
        if (root["tools"] is JsonArray tools)
        {
            blocks.AddRange(tools.Select(t => Block(t, string.Empty)));
        }

        switch (root["system"])
        {
            case JsonArray system:
                blocks.AddRange(system.Select(b => Block(b, "system:")));
                break;
            case JsonValue text:
                blocks.Add(("system:" + text.ToJsonString(), false));
                break;
        }

        foreach (var message in messages)
        {
            var role = message?["role"]?.GetValue<string>() ?? "?";
            switch (message?["content"])
            {
                case JsonArray content:
                    var first = true;
                    foreach (var block in content)
                    {
                        blocks.Add(Block(block, first ? role + ":" : string.Empty));
                        first = false;
                    }

                    break;
                case { } text:
                    blocks.Add((role + ":" + text.ToJsonString(), false));
                    break;
            }
        }

        var model = root["model"]?.ToJsonString() ?? string.Empty;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(model));
        long tokens = 0;
        long read = 0;
        long lastBreakpoint = 0;
        var breakpoints = new List<(string Key, long Tokens)>();
        lock (_gate)
        {
            foreach (var (text, breakpoint) in blocks)
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                hash = SHA256.HashData(hash.Concat(bytes).ToArray());
                tokens += Math.Max(1, bytes.Length / 4);
                var key = Convert.ToHexString(hash);
                if (_cached.ContainsKey(key))
                {
                    read = tokens;
                }

                if (breakpoint)
                {
                    lastBreakpoint = tokens;
                    breakpoints.Add((key, tokens));
                }
            }

            foreach (var (key, at) in breakpoints)
            {
                _cached[key] = at;
            }
        }

        var creation = Math.Max(0, lastBreakpoint - read);
        return new CacheUse(read, creation, Math.Max(0, tokens - read - creation));
    }

    private static (string Text, bool Breakpoint) Block(JsonNode? block, string prefix)
    {
        if (block is not JsonObject obj)
        {
            return (prefix + (block?.ToJsonString() ?? "null"), false);
        }

        var breakpoint = obj.ContainsKey("cache_control");
        var copy = new JsonObject();
        foreach (var (name, value) in obj)
        {
            if (name != "cache_control")
            {
                copy[name] = value?.DeepClone();
            }
        }

        return (prefix + copy.ToJsonString(), breakpoint);
    }
}
