namespace Keel.Core.Tools;

/// <summary>A decoded input, or the model-readable reason the input does not fit the tool.</summary>
public sealed record ToolDecoding(ToolInput? Input, string? Error)
{
    public static ToolDecoding Ok(ToolInput input) => new(input, null);

    public static ToolDecoding Invalid(string error) => new(null, error);
}
