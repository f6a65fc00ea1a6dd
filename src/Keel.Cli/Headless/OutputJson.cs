using System.Text.Encodings.Web;
using System.Text.Json;

namespace Keel.Cli.Headless;

/// <summary>
/// Writer options for JSON that people and scripts read: non-ASCII text, backticks and angle brackets
/// stay as they are instead of \uXXXX escapes (still valid JSON; it is never embedded in HTML).
/// </summary>
internal static class OutputJson
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
