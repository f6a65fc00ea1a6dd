using System.Runtime.InteropServices;
using Keel.Cli.Arguments;
using Keel.Cli.Commands;
using Keel.Cli.Composition;
using Keel.Core.Cost;
using Keel.Core.Hooks;
using Keel.Core.Commands;
using Keel.Core.Permissions;
using Keel.Core.Sessions;
using Keel.Core.Tools;
using Keel.Terminal.Commands;
using Keel.Terminal.Dialogs;
using Keel.Terminal.Input;
using Keel.Terminal.Input.KeyBindings;
using Keel.Terminal.Input.Vim;
using Keel.Terminal.Rendering;
using Keel.Terminal.Repl;
using Keel.Terminal.Screen;

namespace Keel.Cli.Interactive;

/// <summary>
/// <c>keel</c> at a terminal: raw mode first, a provisional input box at once, then the session is composed
/// (settings, git summary, tools) and the REPL takes over the same live region. The terminal is restored on
/// every way out.
/// </summary>
public static class InteractiveRunner
{
    public static bool CanRun => RawMode.IsTerminal;

    public static async Task<int> RunAsync(CliOptions options, KeelEnvironment env)
    {
        using var output = new TerminalOutput();
        using var input = new TerminalInput();
        using var raw = RawMode.Enter(output.Write);
        if (raw is null)
        {
            await Console.Error.WriteLineAsync("Error: could not put the terminal in raw mode; run headless with keel -p \"<prompt>\".");
            return 1;
        }

        var terminal = new TtyTerminal(output, input) { Raw = raw };
        var region = new LiveRegion();
        DrawProvisional(region, terminal);
        StartupTrace.Mark("input box drawn");

        // Project hooks run only once the user has trusted this directory (asked below, remembered).
        var trust = ProjectTrust.ForEnvironment(env.GetEnv);
        var (built, error) = await SessionBuilder.BuildAsync(options, env, new SessionSurface(PersonAnswers: true, ProjectTrusted: trust.IsTrusted(env.WorkingDirectory), Continuing: true));
        if (built is null)
        {
            var (width, height) = terminal.Size;
            terminal.Write(region.Render(new Frame([$"Error: {error}"], [], null), width, height));
            return 1;
        }

        await using (var setup = built)
        {
            var configDir = KeelPaths.ConfigDirectory(env.GetEnv);
            var surface = new SlashCommandRegistry();
            using var keyBindings = new KeyBindingsFile(Path.Combine(configDir, "keybindings.json"));
            var editorMode = new EditorModeSetting(Path.Combine(configDir, "settings.json"), EditorModeSetting.ReadFrom(setup.Settings.Layers));
            InteractiveCommands.Register(surface, new InteractiveCommandServices(
                ct => DoctorProbe.ProbeAsync(env.GetEnv, env.Time, ct), setup.Warnings, KeelVersion.Current, env.GetEnv, env.Time) { EditorMode = editorMode });
            var commandWarnings = new List<string>();
            var registry = CommandCatalog.Build(setup, surface.All, commandWarnings);
            var view = new ConversationView(
                RenderOptions.FromEnvironment(env.GetEnv),
                env.Time,
                new ConversationViewSettings(WorkingDirectory: env.WorkingDirectory, ContextWindow: ModelCatalog.ContextWindowFor(setup.Model, env.GetEnv)))
            {
                HookStatus = setup.Hooks is { } hooks ? () => hooks.StatusMessage : null,
            };
            var mentions = new PromptMentions(setup);
            var services = new ReplServices(
                setup.Session,
                CommandCatalog.CreateContext(setup, registry, interactive: true),
                view,
                new InputHistory(Path.Combine(configDir, "history.jsonl"), env.WorkingDirectory, env.Time),
                new Completer(registry, () => FileIndex.List(env.WorkingDirectory, setup.Policy)),
                env.Time,
                configDir,
                env.GetEnv)
            {
                RunShell = (command, ct) => DirectShell.RunAsync(command, setup, ct),
                InitialPrompt = options.Prompt,
                Trust = (() => trust.IsTrusted(env.WorkingDirectory), () => trust.Trust(env.WorkingDirectory)),
                Version = KeelVersion.Current,
                OnReady = static () => StartupTrace.Mark("repl ready"),
                Memory = new MemoryPanelHooks(
                    () => Keel.Cli.Memory.MemoryPanel.Describe(setup, env.Time.GetUtcNow()),
                    () => Keel.Cli.Memory.MemoryPanel.Files(setup),
                    () => setup.Memory.Enabled,
                    () => Keel.Cli.Memory.MemoryPanel.Toggle(setup)),
                EditorMode = editorMode,
                KeyBindings = keyBindings,
                Saved = !options.NoSessionPersistence,
                RenderOptions = RenderOptions.FromEnvironment(env.GetEnv),
                TranscriptPath = setup.TranscriptPath,
                Menu = new SuggestionMenu(registry, () => FileIndex.List(env.WorkingDirectory, setup.Policy), mentions.MenuItems),
                ExpandMentions = mentions.ExpandAsync,
                DescribeCall = call => setup.Policy.Tools.Find(call.Name)?.DescribeForRules(call.Input, setup.Tools) ?? ToolFacets.None,
                StartupNotices = [.. StartupHeader(setup, env), .. setup.Warnings.Select(static w => $"Warning: {w}"), .. commandWarnings.Select(static w => $"Warning: {w}"), .. registry.Conflicts, .. keyBindings.Problems.Select(static p => $"Warning: {p}")],
            };
            await foreach (var hookEvent in setup.Loop.StartSessionAsync(options.Resume is not null || options.Continue ? "resume" : "startup", CancellationToken.None))
            {
                view.OnEvent(hookEvent);
            }

            if ((options.Resume is not null || options.Continue) && setup.Session.Messages.Count > 0)
            {
                view.Replay(setup.Session.Messages, services.DescribeCall, services.ReplayTurns);
            }

            setup.StartDream();
            var session = new ReplSession(services, terminal, region);

            using var cts = new CancellationTokenSource();
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                cts.Cancel();
            });
            using var sigwinch = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context =>
            {
                context.Cancel = true;
                session.PostResize();
            });
            input.Start(session.PostInput, session.PostEndOfInput);
            var exitCode = await session.RunAsync(cts.Token);
            if (!cts.IsCancellationRequested)
            {
                await setup.DrainBackgroundMemoryAsync();
            }

            await Hooks.HeadlessHooks.EndAsync(setup, TextWriter.Null);
            return exitCode;
        }
    }

    /// <summary>
    /// The first lines on screen: version, model, directory, permission mode and where help is; and, before the first
    /// prompt rather than after it, a warning when no credentials for the model are configured.
    /// </summary>
    private static List<string> StartupHeader(SessionSetup setup, KeelEnvironment env)
    {
        var home = env.GetEnv("HOME");
        var cwd = env.WorkingDirectory;
        if (home is { Length: > 1 } && cwd.StartsWith(home, StringComparison.Ordinal))
        {
            cwd = "~" + cwd[home.Length..];
        }

        var mode = PermissionModes.Name(setup.Policy.Context.Mode);
        var lines = new List<string> { $"✻ Keel {KeelVersion.Current} · {setup.Model} · {cwd} · {mode} mode · /help for help" };
        var auth = Keel.Cli.Subcommands.AuthState.Read(env.GetEnv, setup.Settings);
        if (!auth.LoggedIn && setup.Model.StartsWith("claude", StringComparison.OrdinalIgnoreCase))
        {
            lines.Add($"Warning: no credentials are configured, so prompts will fail: {auth.Fix}.");
        }

        lines.Add(string.Empty);
        return lines;
    }

    /// <summary>The input box before anything slow runs, so typing can start at once (keys wait in the tty buffer).</summary>
    private static void DrawProvisional(LiveRegion region, TtyTerminal terminal)
    {
        var (width, height) = terminal.Size;
        var rule = new string('─', Math.Max(1, width));
        terminal.Write(region.Render(new Frame([], [rule, "> ", rule, "  starting…"], (1, 2)), width, height));
    }
}
