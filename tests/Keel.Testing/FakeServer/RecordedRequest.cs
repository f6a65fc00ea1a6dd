using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel.Testing.FakeServer;

/// <summary>One HTTP request as the fake server received it, and what it answered.</summary>
public sealed class RecordedRequest
{
    private readonly Lazy<JsonNode?> _json;
    private readonly TaskCompletionSource<ServedResponse> _served = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ServedResponse? _response;

    public RecordedRequest(
        int number,
        string method,
        string pathAndQuery,
        IReadOnlyDictionary<string, string> headers,
        byte[] body,
        DateTimeOffset receivedAt)
    {
        Number = number;
        Method = method;
        PathAndQuery = pathAndQuery;
        Headers = headers;
        Body = body;
        ReceivedAt = receivedAt;
        _json = new Lazy<JsonNode?>(ParseOrNull);
    }

    /// <summary>A request built by hand (e.g. to test invariant checks), as if served <paramref name="served"/>.</summary>
    public static RecordedRequest FromBody(int number, string json, ServedResponse? served = null) =>
        new(number, "POST", "/v1/messages", new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), Encoding.UTF8.GetBytes(json), DateTimeOffset.UnixEpoch)
        {
            Response = served,
        };

    /// <summary>How the request used the fake server's prompt cache (Messages API calls only).</summary>
    public CacheUse? Cache { get; internal set; }

    /// <summary>1-based arrival order.</summary>
    public int Number { get; }

    public string Method { get; }

    public string PathAndQuery { get; }

    public string Path
    {
        get
        {
            var q = PathAndQuery.IndexOf('?', StringComparison.Ordinal);
            return q < 0 ? PathAndQuery : PathAndQuery[..q];
        }
    }

    /// <summary>Header names are case-insensitive; repeated headers are joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public byte[] Body { get; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The answer, once it has been served (null while still streaming).</summary>
    public ServedResponse? Response
    {
        get => _response;
        internal set
        {
            _response = value;
            if (value is not null)
            {
                _served.TrySetResult(value);
            }
        }
    }

    /// <summary>Completes when the server has finished answering (including after a cut or a client abort).</summary>
    public Task<ServedResponse> Served => _served.Task;

    /// <summary>True for every call whose body is a Messages API request: Anthropic, Bedrock and Vertex.</summary>
    public bool IsMessagesCall => Protocol is WireProtocol.Anthropic or WireProtocol.Bedrock or WireProtocol.Vertex;

    /// <summary>True for a call to any model API the fake server speaks.</summary>
    public bool IsModelCall => Protocol != WireProtocol.None;

    /// <summary>The API the request spoke, from its method and path.</summary>
    public WireProtocol Protocol => Method != "POST" ? WireProtocol.None : Path switch
    {
        "/v1/messages" => WireProtocol.Anthropic,
        _ when Path.StartsWith("/model/", StringComparison.Ordinal) && Path.EndsWith("/invoke-with-response-stream", StringComparison.Ordinal) => WireProtocol.Bedrock,
        _ when Path.Contains("/publishers/anthropic/models/", StringComparison.Ordinal) && Path.EndsWith(":streamRawPredict", StringComparison.Ordinal) => WireProtocol.Vertex,
        _ when Path.EndsWith("/chat/completions", StringComparison.Ordinal) => WireProtocol.OpenAIChat,
        _ when Path.EndsWith("/responses", StringComparison.Ordinal) => WireProtocol.OpenAIResponses,
        _ => WireProtocol.None,
    };

    /// <summary>The parsed body, or null when it is not valid JSON.</summary>
    public JsonNode? Json => _json.Value;

    public JsonArray? Messages => Json?["messages"] as JsonArray;

    public JsonNode? System => Json?["system"];

    /// <summary>
    /// True when the request opens a conversation: nothing in it came from the model or from a tool (clients may send
    /// several user messages before the first answer). Messages API and Chat Completions: no assistant or tool message;
    /// Responses API: no assistant message, call, call output or reasoning item in <c>input</c>.
    /// </summary>
    public bool StartsConversation => Protocol == WireProtocol.OpenAIResponses
        ? Json?["input"] switch
        {
            JsonValue => true,
            JsonArray items => !items.Any(static i => Role(i) == "assistant" || (i?["type"] is JsonValue t && t.TryGetValue<string>(out var type)
                && (type.EndsWith("_call", StringComparison.Ordinal) || type.EndsWith("_output", StringComparison.Ordinal) || type == "reasoning"))),
            _ => false,
        }
        : Messages is { Count: > 0 } messages && !messages.Any(static m => Role(m) is "assistant" or "tool");

    public JsonArray? Tools => Json?["tools"] as JsonArray;

    /// <summary>The body's <c>model</c>, or for Bedrock, Vertex and Azure deployments the model in the path.</summary>
    public string? Model => Json?["model"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : ModelFromPath();

    private string? ModelFromPath()
    {
        var path = Uri.UnescapeDataString(Path);
        if (Protocol == WireProtocol.Bedrock)
        {
            return path["/model/".Length..^"/invoke-with-response-stream".Length];
        }

        if (Protocol == WireProtocol.Vertex)
        {
            var start = path.IndexOf("/models/", StringComparison.Ordinal) + "/models/".Length;
            return path[start..^":streamRawPredict".Length];
        }

        var deployments = path.IndexOf("/deployments/", StringComparison.Ordinal);
        if (deployments >= 0)
        {
            var rest = path[(deployments + "/deployments/".Length)..];
            return rest[..rest.IndexOf('/', StringComparison.Ordinal)];
        }

        return null;
    }

    public IReadOnlyList<string> ToolNames
    {
        get
        {
            var names = new List<string>();
            foreach (var tool in Tools ?? [])
            {
                if (tool?["name"] is JsonValue v && v.TryGetValue<string>(out var name))
                {
                    names.Add(name);
                }
            }

            return names;
        }
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>A fresh document over the raw bytes (caller disposes); throws when the body is not JSON.</summary>
    public JsonDocument ParseDocument() => JsonDocument.Parse(Body);

    public override string ToString() => $"#{Number} {Method} {PathAndQuery} ({Body.Length} bytes)";

    private static string? Role(JsonNode? item) => item?["role"] is JsonValue v && v.TryGetValue<string>(out var role) ? role : null;

    private JsonNode? ParseOrNull()
    {
        try
        {
            return JsonNode.Parse(Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
