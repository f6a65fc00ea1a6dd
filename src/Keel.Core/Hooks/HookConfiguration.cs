using System.Text.Json;
using Keel.Core.Settings;

namespace Keel.Core.Hooks;

/// <summary>
/// Every hook from every settings layer, concatenated (highest precedence first). Malformed entries
/// are skipped with a warning naming the file and line; project layers count only in a trusted project.
/// </summary>
public sealed class HookConfiguration
{
    private readonly Dictionary<HookEvent, List<HookRegistration>> _byEvent = [];

    private HookConfiguration()
    {
    }

    public static HookConfiguration Empty { get; } = new();

    public IReadOnlyList<HookRegistration> All => [.. _byEvent.Values.SelectMany(static r => r)];

    public bool Has(HookEvent hookEvent) => _byEvent.ContainsKey(hookEvent);

    public IReadOnlyList<HookRegistration> For(HookEvent hookEvent) => _byEvent.TryGetValue(hookEvent, out var list) ? list : [];

    /// <summary>This configuration plus handlers registered by the surface (an SDK host's callbacks), run after the settings' own.</summary>
    public HookConfiguration With(IEnumerable<HookRegistration> registrations)
    {
        var config = new HookConfiguration();
        foreach (var registration in All.Concat(registrations))
        {
            if (!config._byEvent.TryGetValue(registration.Event, out var list))
            {
                config._byEvent[registration.Event] = list = [];
            }

            list.Add(registration);
        }

        return config;
    }

    /// <param name="settings">The loaded layers.</param>
    /// <param name="projectTrusted">False skips hooks defined by the project (its shared and local settings).</param>
    /// <param name="warnings">Receives one line per problem.</param>
    public static HookConfiguration Load(LoadedSettings settings, bool projectTrusted, ICollection<string> warnings)
    {
        if (settings.Effective.DisableAllHooks)
        {
            return Empty;
        }

        var config = new HookConfiguration();
        foreach (var layer in settings.Layers)
        {
            if (layer.File.Hooks is not { } hooks)
            {
                continue;
            }

            if (EffectiveSettings.IsProjectLayer(layer) && !projectTrusted)
            {
                warnings.Add($"{layer.Path}: hooks not run because this project is not trusted");
                continue;
            }

            if (layer.NarrowingOnly)
            {
                warnings.Add($"{layer.Path}: hooks not run because the file has errors");
                continue;
            }

            foreach (var property in hooks.EnumerateObject())
            {
                if (!HookEvents.TryParse(property.Name, out var hookEvent))
                {
                    warnings.Add($"{layer.Locate("hooks", property.Name)}: Keel does not support the hook event \"{property.Name}\"; its hooks will not run");
                    continue;
                }

                config.ReadGroups(layer, hookEvent, property.Value, warnings);
            }
        }

        return config;
    }

    private void ReadGroups(SettingsLayer layer, HookEvent hookEvent, JsonElement groups, ICollection<string> warnings)
    {
        var where = layer.Locate("hooks", HookEvents.Name(hookEvent));
        if (groups.ValueKind != JsonValueKind.Array)
        {
            warnings.Add($"{where}: hooks.{hookEvent} must be an array of {{ \"matcher\", \"hooks\" }} objects");
            return;
        }

        foreach (var group in groups.EnumerateArray())
        {
            if (group.ValueKind != JsonValueKind.Object || !group.TryGetProperty("hooks", out var handlers) || handlers.ValueKind != JsonValueKind.Array)
            {
                warnings.Add($"{where}: an entry of hooks.{hookEvent} has no \"hooks\" array");
                continue;
            }

            string? matcher = null;
            if (group.TryGetProperty("matcher", out var m))
            {
                if (m.ValueKind != JsonValueKind.String)
                {
                    warnings.Add($"{where}: a matcher of hooks.{hookEvent} is not a string");
                    continue;
                }

                matcher = m.GetString();
                if (HookMatcher.Validate(matcher) is { } bad)
                {
                    warnings.Add($"{where}: {bad}");
                    continue;
                }
            }

            foreach (var handler in handlers.EnumerateArray())
            {
                var (parsed, error) = HookHandlerParser.Parse(handler);
                if (parsed is null)
                {
                    warnings.Add($"{where}: {error}");
                    continue;
                }

                if (!_byEvent.TryGetValue(hookEvent, out var list))
                {
                    _byEvent[hookEvent] = list = [];
                }

                list.Add(new HookRegistration(hookEvent, matcher, parsed, layer.Source));
            }
        }
    }
}
