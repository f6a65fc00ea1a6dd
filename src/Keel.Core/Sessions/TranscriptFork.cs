using System.Text;
using System.Text.Json;

namespace Keel.Core.Sessions;

/// <summary>
/// <c>--fork-session</c>: the new session's transcript starts as a copy of the one it came from (up to
/// <c>--resume-session-at</c>'s message), so <c>-c</c> of the fork rebuilds the same prompts, rewind points and file
/// checkpoints after the fork has gone on by itself. The original is only read. Torn lines are left behind.
/// </summary>
public static class TranscriptFork
{
    /// <summary>Writes the copy to <paramref name="to"/>; false (and no file) when it cannot be read or written.</summary>
    public static bool TryCopy(string from, string to, string? stopAfterUuid)
    {
        var temporary = to + ".fork-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            using (var output = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                foreach (var line in File.ReadLines(from))
                {
                    if (IsRecord(line, stopAfterUuid, out var stop))
                    {
                        output.Write(line);
                        output.Write('\n');
                        if (stop)
                        {
                            break;
                        }
                    }
                }
            }

            File.Move(temporary, to, overwrite: false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Only a leftover temporary file.
            }

            return false;
        }
    }

    private static bool IsRecord(string line, string? stopAfterUuid, out bool stop)
    {
        stop = false;
        if (string.IsNullOrWhiteSpace(line))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(line);
            stop = stopAfterUuid is not null && doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("uuid", out var uuid) && uuid.ValueKind == JsonValueKind.String && uuid.ValueEquals(stopAfterUuid);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
