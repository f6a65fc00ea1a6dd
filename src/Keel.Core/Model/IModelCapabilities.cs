namespace Keel.Core.Model;

/// <summary>
/// A model client that fits requests to what each model can do. When a server refuses a feature
/// (<see cref="ModelErrorCategory.UnsupportedFeature"/>) the caller asks it to leave that feature out
/// for the rest of the session, then tries once more.
/// </summary>
public interface IModelCapabilities
{
    /// <summary>
    /// Turns <paramref name="feature"/> off for <paramref name="model"/>; returns the model's name in the
    /// capabilities table (the key of its <c>modelCapabilities</c> setting), or null when the feature was
    /// already off, so a second refusal is an error and never a loop.
    /// </summary>
    string? TurnOff(string model, ModelFeature feature);
}
