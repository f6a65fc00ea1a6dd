namespace Keel.Providers.Vertex;

/// <summary>Where Vertex AI is: project, region (<c>global</c> or e.g. <c>us-east5</c>), and an optional endpoint override.</summary>
public sealed record VertexOptions(string ProjectId, string Region)
{
    /// <summary><c>ANTHROPIC_VERTEX_BASE_URL</c>: a gateway or private endpoint instead of {region}-aiplatform.googleapis.com.</summary>
    public string? BaseUrl { get; init; }

    /// <summary><c>CLAUDE_CODE_SKIP_VERTEX_AUTH</c>: a gateway adds the credentials.</summary>
    public bool SkipAuth { get; init; }

    public Uri EndpointFor(string model)
    {
        var host = BaseUrl?.TrimEnd('/') ?? (Region == "global" ? "https://aiplatform.googleapis.com" : $"https://{Region}-aiplatform.googleapis.com");
        return new Uri($"{host}/v1/projects/{Uri.EscapeDataString(ProjectId)}/locations/{Uri.EscapeDataString(Region)}/publishers/anthropic/models/{Uri.EscapeDataString(model)}:streamRawPredict", UriKind.Absolute);
    }
}
