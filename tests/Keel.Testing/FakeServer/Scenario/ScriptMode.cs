namespace Keel.Testing.FakeServer.Scenario;

public enum ScriptMode
{
    /// <summary>Each response once; then the server's loud 500.</summary>
    Once,

    /// <summary>Cycle through the script forever, in request order.</summary>
    Repeat,

    /// <summary>Restart the script whenever a new conversation begins (see <see cref="RecordedRequest.StartsConversation"/>).</summary>
    PerSession,
}
