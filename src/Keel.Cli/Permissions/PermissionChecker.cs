using System.Text.Json;
using Keel.Core.Permissions;
using Keel.Core.Settings;

namespace Keel.Cli.Permissions;

/// <summary>
/// Answers check requests with the same engine a session uses. Settings are read once per
/// project directory, so a batch of thousands of requests reads each file once.
/// </summary>
public sealed class PermissionChecker(Func<string, string?> getEnv, string? settingsFlag, TextWriter stderr)
{
    private readonly Dictionary<string, (SettingsLocations At, LoadedSettings Settings)> _projects = new(StringComparer.Ordinal);

    /// <summary>Writes the decision for one request as one JSON line; false when the request itself was wrong.</summary>
    public bool Check(CheckRequest request, Utf8JsonWriter w)
    {
        var cwd = Path.GetFullPath(request.Cwd);
        PermissionMode? mode = null;
        if (request.Mode is { } modeText && (mode = PermissionModes.Parse(modeText)) is null)
        {
            return Error(w, $"mode must be one of {PermissionModes.AllNames} (got '{modeText}')");
        }

        var projectDir = request.Project is { } p ? Path.GetFullPath(p, cwd) : ProjectRoot.Find(cwd);
        var (at, settings) = Load(projectDir.Length > 1 ? projectDir.TrimEnd('/') : projectDir, cwd);
        var warnings = new List<string>();
        var rules = PermissionSetup.CliRules(
            [
                .. request.Deny.Select(static r => (r, PermissionBehavior.Deny)),
                .. request.Ask.Select(static r => (r, PermissionBehavior.Ask)),
                .. request.Allow.Select(static r => (r, PermissionBehavior.Allow)),
            ],
            at.ProjectDirectory,
            warnings);
        var addDirs = request.AddDirs.Select(d => Path.GetFullPath(d, cwd));
        var (engine, error) = PermissionSetup.Build(settings, at, mode, rules, addDirs, warnings);
        foreach (var warning in warnings)
        {
            stderr.WriteLine($"Warning: {warning}");
        }

        if (engine is null)
        {
            return Error(w, error!);
        }

        engine.Tools.Register(BuiltInTools(engine, settings, warnings));
        var evaluation = engine.Evaluate(request.Tool, request.Input, cwd);
        var decision = evaluation.Decision;
        w.WriteStartObject();
        w.WriteString("decision", decision.Behavior switch
        {
            PermissionBehavior.Allow => "allow",
            PermissionBehavior.Ask => "ask",
            _ => "deny",
        });
        w.WriteString("rule", decision.Rule);
        w.WriteString("source", decision.Source);
        // The settings file the rule came from: the scope alone cannot tell .keel/ from .claude/.
        if (decision.File is { } file)
        {
            w.WriteString("file", file);
        }

        w.WriteString("reason", decision.Reason);
        if (evaluation.Commands is { } commands)
        {
            w.WriteStartArray("commands");
            foreach (var command in commands)
            {
                w.WriteStringValue(command);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        return true;
    }

    private (SettingsLocations At, LoadedSettings Settings) Load(string projectDir, string cwd)
    {
        if (!_projects.TryGetValue(projectDir, out var loaded))
        {
            var at = SettingsLocations.ForProcess(getEnv, cwd, settingsFlag) with { ProjectDirectory = projectDir };
            var settings = SettingsLoader.Load(at);
            foreach (var warning in settings.Warnings)
            {
                stderr.WriteLine($"Warning: {warning}");
            }

            loaded = (at, settings);
            _projects[projectDir] = loaded;
        }

        return loaded;
    }

    private static bool Error(Utf8JsonWriter w, string message)
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteEndObject();
        return false;
    }

    /// <summary>The built-in tools, so a check by name gets the tool's own description of the input.</summary>
    private IReadOnlyList<Keel.Core.Tools.ITool> BuiltInTools(PermissionEngine engine, LoadedSettings settings, List<string> warnings) =>
        Keel.Tools.BuiltInTools.Create(new Keel.Tools.BuiltInToolParts(engine.Context, static () => throw new InvalidOperationException("permission checks call no model"), new Keel.Core.Cost.CostTracker(), settings, getEnv, TimeProvider.System, warnings)
        {
            Skill = static _ => new Keel.Tools.Skills.SkillTool(),
            Agents = new NoSubagents(),
        });

    private sealed class NoSubagents : Keel.Core.Agent.Subagents.ISubagentRunner
    {
        public Keel.Core.Agent.Subagents.AgentCatalog Catalog { get; } = new(() => ([], []));

        public Task<Keel.Core.Agent.Subagents.SubagentResult> RunAsync(Keel.Core.Agent.Subagents.SubagentRequest request, CancellationToken cancellationToken) =>
            throw new NotSupportedException("permission checks run no agent");
    }
}
