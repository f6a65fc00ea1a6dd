using System.Text.Json;

namespace Keel.Cli.Acp;

/// <summary>What an ACP client offers the agent: reading and writing its files (open buffers included) and running terminals.</summary>
internal sealed record AcpClientCapabilities(bool ReadTextFile, bool WriteTextFile, bool Terminal)
{
    public static AcpClientCapabilities None { get; } = new(false, false, false);

    /// <summary>The capabilities of an <c>initialize</c> request; anything absent is unsupported.</summary>
    public static AcpClientCapabilities Read(JsonElement initialize)
    {
        if (initialize.ValueKind != JsonValueKind.Object || !initialize.TryGetProperty("clientCapabilities", out var caps) || caps.ValueKind != JsonValueKind.Object)
        {
            return None;
        }

        var fs = caps.TryGetProperty("fs", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        return new AcpClientCapabilities(Flag(fs, "readTextFile"), Flag(fs, "writeTextFile"), Flag(caps, "terminal"));
    }

    private static bool Flag(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
