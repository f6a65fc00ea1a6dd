using Keel.Anthropic;
using Keel.Core.Model;
using Keel.Core.Cost;
using Keel.Core.Permissions;
using Keel.Core.Recovery;
using Keel.Core.Sessions;
using Keel.Core.Settings;
using Keel.Core.Tools;

namespace Keel.Cli.Composition;

/// <summary>The small stages of the build: each returns its product or the user's message.</summary>
public sealed partial class SessionBuilder
{
    /// <summary><c>-r</c> (with <c>--resume-session-at</c>) / <c>-c</c>: the conversation to continue, or none.</summary>
    private (LoadedSession? Loaded, string? Error) LoadConversation()
    {
        if (_options.Resume is { } resume)
        {
            var path = FindSession(resume);
            if (path is null)
            {
                return (null, $"No session found with id {resume}.");
            }

            var loaded = TranscriptReader.Load(path, _options.ResumeSessionAt);
            return _options.ResumeSessionAt is { } at && !loaded.ReachedStop
                ? (null, $"--resume-session-at: no message {at} in session {resume}.")
                : (loaded, null);
        }

        if (_options.Continue)
        {
            var path = TranscriptReader.FindLatest(_projectDir);
            return path is null ? (null, "No conversation found to continue in this directory.") : (TranscriptReader.Load(path), null);
        }

        return (null, null);
    }

    /// <summary><c>--add-dir</c>: each must exist.</summary>
    private (IReadOnlyList<string> Directories, string? Error) AdditionalDirectories()
    {
        var addDirs = new List<string>();
        foreach (var dir in _options.AddDirs)
        {
            var full = PathScope.Resolve(dir, _cwd);
            if (!Directory.Exists(full))
            {
                return ([], $"--add-dir: {full} is not a directory.");
            }

            addDirs.Add(full);
        }

        return (addDirs, null);
    }

    /// <summary><c>--permission-prompt-tool</c> names stdio or an MCP tool (which one is checked once the servers are up).</summary>
    private string? PromptToolProblem() =>
        _options.PermissionPromptTool is { } promptTool && promptTool != Headless.StreamInput.StreamInputRunner.StdioPromptTool && !promptTool.StartsWith("mcp__", StringComparison.Ordinal)
            ? $"--permission-prompt-tool {promptTool}: use \"stdio\" (an SDK host answers over --input-format stream-json) or an MCP tool name (mcp__server__tool)."
            : null;

    /// <summary>Settings (<c>--settings</c>, <c>--setting-sources</c>, <c>--managed-settings</c>) and the permission engine over them.</summary>
    private (PermissionEngine? Engine, LoadedSettings Settings, string? Error) BuildPermissions(IReadOnlyList<string> addDirs)
    {
        var at = SettingsLocations.ForProcess(_env.GetEnv, _cwd, _options.Settings) with { KeelConfigDirectory = _configDir, Sources = _options.SettingSources, ManagedJson = _options.ManagedSettings };
        if (_options.Settings is { } flag && !flag.TrimStart().StartsWith('{') && !File.Exists(Path.GetFullPath(flag, _cwd)))
        {
            return (null, LoadedSettings.Empty, $"--settings: {Path.GetFullPath(flag, _cwd)} does not exist.");
        }

        var settings = SettingsLoader.Load(at);
        _warnings.AddRange(settings.Warnings.Select(static w => w.ToString()));
        var cliRules = PermissionSetup.CliRules(
            [.. _options.DisallowedTools.Select(static t => (t, PermissionBehavior.Deny)), .. _options.AllowedTools.Select(static t => (t, PermissionBehavior.Allow))],
            at.ProjectDirectory,
            _warnings);
        var (engine, error) = PermissionSetup.Build(settings, at, _options.PermissionMode, cliRules, addDirs, _warnings);
        return (engine, settings, error);
    }

    /// <summary>The model client: the one the surface brings (tests), else the provider router built from the environment and settings.</summary>
    private (IModelClient? Client, string Model, ProviderSetup? Providers, string? Error) CreateClient(string? requestedModel, LoadedSettings settings, ApiKeyHelper? keyHelper)
    {
        var model = ModelCatalog.Resolve(requestedModel);
        if (_surface.Client is { } client)
        {
            return (client, model, null, null);
        }

        var anthropic = AnthropicOptions.FromEnvironment(_env.GetEnv) with { UserAgent = $"keel/{KeelVersion.Current}", Credentials = keyHelper };
        anthropic = anthropic with { Betas = [.. anthropic.Betas, .. _options.Betas.Except(anthropic.Betas, StringComparer.Ordinal)] };
        if (anthropic.Problem() is { } problem)
        {
            return (null, model, null, problem);
        }

        var (providers, providerError) = ProviderSetup.Create(_options, requestedModel, _env, settings, anthropic, RecoverySetup.Thinking(_options, _env.GetEnv, settings), _warnings);
        if (providers is null)
        {
            return (null, model, null, providerError);
        }

        _warnings.AddRange(providers.Notices);
        return (providers.Router, providers.Model, providers, null);
    }

    /// <summary>
    /// The session's transcript (none with <c>--no-session-persistence</c>). A fork starts a new file under the new
    /// id; a fork or <c>--resume-session-at</c> records the conversation resumed, so <c>-c</c>/<c>-r</c> restore
    /// exactly it; a resumed session's repair is written so the file is valid on disk.
    /// </summary>
    private TranscriptWriter? OpenTranscript(LoadedSession? loaded, string sessionId, bool forked)
    {
        if (_options.NoSessionPersistence)
        {
            return null;
        }

        var path = forked ? Path.Combine(_projectDir, sessionId + ".jsonl") : loaded?.Path ?? Path.Combine(_projectDir, sessionId + ".jsonl");
        // A fork starts from a copy of its original's records (prompts and checkpoints included), so it stays rewindable
        // after it goes on by itself; only when the copy fails does it start from the conversation alone.
        var copied = forked && TranscriptFork.TryCopy(loaded!.Path, path, _options.ResumeSessionAt);
        var transcript = new TranscriptWriter(path, sessionId, _cwd, KeelVersion.Current, _env.Time, forked && !copied ? null : loaded?.LastUuid);
        _started.Add(new AsyncDisposal(transcript));
        if (loaded is not null && ((forked && !copied) || (!forked && _options.ResumeSessionAt is not null)))
        {
            transcript.RecordConversationReset(new ConversationReset(ConversationReset.Resume, loaded.Messages, loaded.SessionId));
        }
        else if (loaded?.TrailingRepair is { } repair)
        {
            transcript.RecordUser(repair);
        }

        return transcript;
    }

    private string? FindSession(string idOrPath) => FindSession(_configDir, _projectDir, idOrPath);

    /// <summary>A session's transcript by id or path: this project's first, then any project's.</summary>
    internal static string? FindSession(string configDir, string projectDir, string idOrPath)
    {
        if (idOrPath.EndsWith(".jsonl", StringComparison.Ordinal) && File.Exists(idOrPath))
        {
            return Path.GetFullPath(idOrPath);
        }

        var local = Path.Combine(projectDir, idOrPath + ".jsonl");
        if (File.Exists(local))
        {
            return local;
        }

        // A session started in another directory can still be resumed by id.
        var projects = Path.Combine(configDir, "projects");
        return Directory.Exists(projects)
            ? Directory.EnumerateFiles(projects, idOrPath + ".jsonl", SearchOption.AllDirectories).FirstOrDefault()
            : null;
    }
}
