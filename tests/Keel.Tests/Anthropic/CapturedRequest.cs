using System.Text;

namespace Keel.Tests.Anthropic;

/// <summary>A request as the test server received it.</summary>
internal sealed record CapturedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}
