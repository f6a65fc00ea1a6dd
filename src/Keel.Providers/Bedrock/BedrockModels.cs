namespace Keel.Providers.Bedrock;

/// <summary>
/// Keel model ids to Bedrock model ids. Bedrock ids (<c>anthropic.…</c>, inference profiles such as
/// <c>us.anthropic.…</c> or <c>global.anthropic.…</c>, and ARNs) pass through; a Claude id becomes the
/// cross-region inference profile for the region's geography, which newer models require.
/// </summary>
public static class BedrockModels
{
    public static string ToBedrockId(string model, string region)
    {
        if (model.StartsWith("arn:", StringComparison.Ordinal) || model.Contains('.', StringComparison.Ordinal))
        {
            return model;
        }

        var bare = model.EndsWith("[1m]", StringComparison.OrdinalIgnoreCase) ? model[..^4] : model;
        return $"{Geography(region)}.anthropic.{bare}-v1:0";
    }

    /// <summary>The inference-profile prefix for a region: us, eu, apac (ap-*), else global.</summary>
    public static string Geography(string region) => region.Split('-')[0] switch
    {
        "us" or "ca" => "us",
        "eu" => "eu",
        "ap" => "apac",
        _ => "global",
    };

    /// <summary>The Keel id a Bedrock id stands for (for prices and limits): <c>us.anthropic.claude-x-v1:0</c> → <c>claude-x</c>.</summary>
    public static string ToKeelId(string bedrockId)
    {
        var at = bedrockId.IndexOf("anthropic.", StringComparison.Ordinal);
        if (at < 0)
        {
            return bedrockId;
        }

        var id = bedrockId[(at + "anthropic.".Length)..];
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            id = id[..colon];
        }

        var version = id.LastIndexOf("-v", StringComparison.Ordinal);
        return version > 0 && int.TryParse(id[(version + 2)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _) ? id[..version] : id;
    }
}
