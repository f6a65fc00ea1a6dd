namespace Keel.Testing.FakeServer.Scenario;

/// <summary>
/// Hands out a scenario's responses for <see cref="FakeAnthropicServer.SetResponder"/>. In
/// <see cref="ScriptMode.PerSession"/> a request that opens a conversation (<see cref="RecordedRequest.StartsConversation"/>,
/// e.g. a request with only user messages) restarts the script, unless the
/// previous answer was a fault or a broken stream (then it is the client retrying) and the script
/// is not finished. Sessions are assumed to run one after another, not interleaved.
/// </summary>
public sealed class ScriptPlayer(IReadOnlyList<ScriptedResponse> script, ScriptMode mode)
{
    private readonly Lock _lock = new();
    private int _index;
    private RecordedRequest? _previous;

    public ScriptedResponse? Next(RecordedRequest request)
    {
        lock (_lock)
        {
            if (mode == ScriptMode.PerSession && request.StartsConversation && _previous is not null)
            {
                var retrying = _previous.Response is not { IsCompleteTurn: true };
                if (!retrying || _index >= script.Count)
                {
                    _index = 0;
                }
            }

            _previous = request;
            if (_index >= script.Count)
            {
                if (mode != ScriptMode.Repeat || script.Count == 0)
                {
                    return null;
                }

                _index = 0;
            }

            return script[_index++];
        }
    }
}
