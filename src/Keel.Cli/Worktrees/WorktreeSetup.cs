using Keel.Cli.Composition;
using Keel.Core.Hooks;
using Keel.Core.Settings;
using Keel.Tools.Hooks;

namespace Keel.Cli.Worktrees;

/// <summary>Builds the worktree maker from settings: its folder (<c>worktree.directory</c>) and the WorktreeCreate/Remove hooks.</summary>
public static class WorktreeSetup
{
    public static GitWorktrees For(LoadedSettings settings, bool projectTrusted, KeelEnvironment env, string sessionId, string? transcriptPath)
    {
        // Hook warnings are reported once, by the session's own hook set-up.
        var configuration = HookConfiguration.Load(settings, projectTrusted, new List<string>());
        var hooks = configuration.Has(HookEvent.WorktreeCreate) || configuration.Has(HookEvent.WorktreeRemove)
            ? new WorktreeHooks(configuration, new HookExecutor(env.GetEnv, env.Time), sessionId, transcriptPath)
            : null;
        return new GitWorktrees(settings.Effective.WorktreeDirectory, hooks);
    }
}
