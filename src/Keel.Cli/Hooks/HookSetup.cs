using Keel.Cli.Composition;
using Keel.Core.Hooks;
using Keel.Core.Permissions;
using Keel.Core.Sessions;
using Keel.Core.Settings;
using Keel.Tools.Hooks;

namespace Keel.Cli.Hooks;

/// <summary>Builds the session's hook runner from the settings layers; null when no layer defines hooks.</summary>
public static class HookSetup
{
    public static HookRunner? Create(
        LoadedSettings settings,
        bool projectTrusted,
        KeelEnvironment env,
        string sessionId,
        string? transcriptPath,
        ISessionRecorder recorder,
        PermissionEngine policy,
        Func<string> currentDirectory,
        ICollection<string> warnings,
        HostAdditions? host = null,
        Func<ModelHookExecutor>? models = null,
        Func<IHookExecutor>? mcpTools = null)
    {
        var configuration = HookConfiguration.Load(settings, projectTrusted, warnings);
        if (host is { Hooks.Count: > 0 })
        {
            // An SDK host's callbacks run after the settings' hooks, through the same runner and interpretation.
            configuration = configuration.With(host.Hooks);
        }

        if (configuration.All.Count == 0)
        {
            return null;
        }

        var info = new HookSessionInfo(sessionId, transcriptPath, env.WorkingDirectory, currentDirectory, () => PermissionModes.Name(policy.Mode));
        IHookExecutor executor = new HookExecutor(env.GetEnv, env.Time) { Models = models, McpTools = mcpTools };
        if (host?.HookExecutor is { } wrap)
        {
            executor = wrap(executor);
        }

        var runner = new HookRunner(configuration, executor, info, env.Time)
        {
            Conditions = new HookConditions(env.WorkingDirectory, policy.Context.Home, policy.Tools),
        };
        runner.Logs.Add(new RecorderHookLog(recorder));
        return runner;
    }
}
