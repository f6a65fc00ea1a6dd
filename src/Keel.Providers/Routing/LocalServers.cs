using System.Text.Json;

namespace Keel.Providers.Routing;

/// <summary>
/// Finds a local model server (Ollama, LM Studio, llama.cpp, vLLM) when, and only when, the user asked for it:
/// lists its models through the OpenAI-compatible <c>GET /models</c>.
/// </summary>
public static class LocalServers
{
    public static (string? Model, string? Problem) FirstModel(ProviderDefinition provider, ProviderContext context)
    {
        var baseUrl = provider.BaseUrl!.TrimEnd('/');
        if (provider.Name.Equals("ollama", StringComparison.OrdinalIgnoreCase) && context.Env("OLLAMA_HOST") is { } host)
        {
            baseUrl = (host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host).TrimEnd('/') + "/v1";
        }

        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = http.GetAsync(baseUrl + "/models").GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"The {provider.Name} server at {baseUrl} answered {(int)response.StatusCode} to GET /models; pass --model.");
            }

            using var document = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            if (document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var model in data.EnumerateArray())
                {
                    if (model.TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 } name)
                    {
                        return (name, null);
                    }
                }
            }

            return (null, $"The {provider.Name} server at {baseUrl} has no models yet{(provider.Name == "ollama" ? " (ollama pull <model>)" : string.Empty)}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (null, $"No {provider.Name} server answered at {baseUrl} ({ex.Message}). Start it{(provider.Name == "ollama" ? " (ollama serve)" : string.Empty)}, or set its baseUrl under providers.{provider.Name} in settings.");
        }
    }
}
