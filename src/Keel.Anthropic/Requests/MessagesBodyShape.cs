namespace Keel.Anthropic.Requests;

/// <summary>
/// Where a cloud's Messages body differs from the API's own: Bedrock and Vertex take the model from
/// the URL and want <c>anthropic_version</c> in the body; Bedrock streams by endpoint, not by a flag.
/// </summary>
public sealed record MessagesBodyShape(bool IncludeModel, bool IncludeStream, string? AnthropicVersion)
{
    public static readonly MessagesBodyShape Anthropic = new(IncludeModel: true, IncludeStream: true, AnthropicVersion: null);

    public static readonly MessagesBodyShape Bedrock = new(IncludeModel: false, IncludeStream: false, "bedrock-2023-05-31");

    public static readonly MessagesBodyShape Vertex = new(IncludeModel: false, IncludeStream: true, "vertex-2023-10-16");

    /// <summary>Beta flags sent in the body as <c>anthropic_beta</c> (clouds take them there, not as a header).</summary>
    public IReadOnlyList<string> Betas { get; init; } = [];
}
