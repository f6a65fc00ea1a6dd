using System.Text.Json;
using Keel.Cli.Commands;
using Keel.Cli.Composition;
using Keel.Core.Agent;
using Keel.Core.Checkpoints;
using Keel.Core.Cost;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Sessions;
using Keel.Core.Compaction;

namespace Keel.Cli.Headless.StreamInput;

/// <summary>The host's control requests that read or change the session's set-up: initialize, thinking, MCP servers, context, tasks.</summary>
public sealed partial class StreamInputSession
{
    /// <summary>What Keel's stream-json side supports, for hosts that check before asking.</summary>
    private static readonly string[] Capabilities =
    [
        "interrupt", "set_permission_mode", "set_model", "set_max_thinking_tokens", "hook_callbacks", "sdk_mcp_servers",
        "structured_output", "mcp_status", "mcp_set_servers", "mcp_reconnect", "mcp_toggle", "get_context_usage", "compact", "stop_task", "rewind_files",
    ];

    /// <summary>
    /// The initialize answer in the fields the SDK reads (commands, agents, models, account, version) plus what was
    /// applied from the request; <paramref name="request"/> is null for a later re-initialize, which changes nothing.
    /// </summary>
    private void WriteInitialize(Utf8JsonWriter w, InitializeRequest? request)
    {
        w.WriteStartArray("commands");
        foreach (var command in CommandCatalog.Build(setup).All.Where(static c => !c.InteractiveOnly))
        {
            w.WriteStartObject();
            w.WriteString("name", command.Name);
            w.WriteString("description", command.Description);
            w.WriteString("argumentHint", command.ArgumentHint ?? string.Empty);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("agents");
        foreach (var agent in setup.Subagents?.Catalog.All ?? [])
        {
            w.WriteStartObject();
            w.WriteString("name", agent.Name);
            w.WriteString("description", agent.Description);
            if (agent.Model is { } model)
            {
                w.WriteString("model", model);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteModels(w);
        w.WriteStartObject("account");
        w.WriteString("apiKeySource", env.GetEnv("ANTHROPIC_API_KEY") is { Length: > 0 } ? "ANTHROPIC_API_KEY" : "none");
        w.WriteString("apiProvider", "firstParty");
        w.WriteEndObject();
        w.WriteString("output_style", "default");
        w.WriteStartArray("available_output_styles");
        w.WriteStringValue("default");
        w.WriteEndArray();
        w.WriteString("claude_code_version", KeelVersion.Current);
        w.WriteString("keel_version", KeelVersion.Current);
        w.WriteStartArray("capabilities");
        foreach (var capability in Capabilities)
        {
            w.WriteStringValue(capability);
        }

        w.WriteEndArray();
        w.WriteNumber("pid", Environment.ProcessId);
        w.WriteString("session_id", setup.SessionId);
        w.WriteString("permissionMode", PermissionModes.Name(setup.Policy.Mode));
        w.WriteString("current_permission_mode", PermissionModes.Name(setup.Policy.Mode));
        w.WriteString("fast_mode_state", "off");
        w.WriteBoolean("hook_on_failure_supported", true);
        w.WriteBoolean("hooks_applied", request is not null);
        if (request is null)
        {
            return;
        }

        if (request.McpConfig is not null)
        {
            w.WriteBoolean("mcp_servers_applied", true);
        }

        if (request.SettingsJson is not null)
        {
            w.WriteBoolean("settings_applied", true);
        }

        if (request.ManagedSettingsJson is not null)
        {
            w.WriteBoolean("managed_settings_applied", true);
        }

        if (request.DisallowedTools.Count > 0)
        {
            w.WriteBoolean("disallowed_tools_applied", true);
        }

        w.WriteBoolean("plugins_applied", false);
    }

    /// <summary>The session's model first, then the aliases a host can switch to.</summary>
    private void WriteModels(Utf8JsonWriter w)
    {
        w.WriteStartArray("models");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (value, id) in new[] { (setup.Model, setup.Model), ("opus", ModelCatalog.Resolve("opus")), ("sonnet", ModelCatalog.Resolve("sonnet")), ("haiku", ModelCatalog.Resolve("haiku")) })
        {
            if (!seen.Add(id))
            {
                continue;
            }

            var info = ModelCatalog.Get(id);
            w.WriteStartObject();
            w.WriteString("value", value);
            w.WriteString("displayName", info.DisplayName);
            w.WriteString("description", $"{info.DisplayName} ({id})");
            w.WriteString("resolvedModel", id);
            w.WriteBoolean("supportsEffort", true);
            w.WriteBoolean("supportsAutoMode", false);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary><c>set_max_thinking_tokens</c>: later turns think with this budget (null: the session's own; 0: off).</summary>
    private void SetThinking(string id, JsonElement request)
    {
        var display = StringField(request, "thinking_display");
        if (!request.TryGetProperty("max_thinking_tokens", out var tokens) || tokens.ValueKind == JsonValueKind.Null)
        {
            _thinking = null;
        }
        else if (tokens.ValueKind == JsonValueKind.Number && tokens.TryGetInt32(out var budget) && budget >= 0)
        {
            _thinking = new TurnOverrides([])
            {
                OverridesThinking = true,
                Thinking = budget == 0 ? null : new ThinkingConfig(Math.Max(1024, budget)) { Display = display },
            };
        }
        else
        {
            channel.Fail(id, "max_thinking_tokens must be a non-negative number or null");
            return;
        }

        channel.Succeed(id);
    }

    private void WriteMcpStatus(Utf8JsonWriter w)
    {
        w.WriteStartArray("mcpServers");
        foreach (var server in setup.Mcp?.Hub.Servers ?? [])
        {
            var status = server.Status();
            w.WriteStartObject();
            w.WriteString("name", server.Name);
            w.WriteString("status", status.StateName);
            if (status.Error is { } error)
            {
                w.WriteString("error", error);
            }

            w.WriteString("scope", server.Config.Scope);
            w.WriteStartObject("config");
            w.WriteString("type", server.Config.Transport);
            w.WriteEndObject();
            w.WriteStartArray("tools");
            foreach (var tool in server.Tools)
            {
                w.WriteStartObject();
                w.WriteString("name", tool.Name);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary><c>get_context_usage</c>: estimated tokens by category against the model's window.</summary>
    private void WriteContextUsage(Utf8JsonWriter w)
    {
        var loop = setup.Loop;
        var system = loop.Options.System.Sum(static b => TokenEstimator.Estimate(b.Text));
        var tools = loop.OfferedTools.Sum(static t => TokenEstimator.Estimate(t.Description) + TokenEstimator.Estimate(t.InputSchema.GetRawText()));
        var messages = TokenEstimator.Estimate(loop.Messages);
        var total = system + tools + messages;
        var window = ModelCatalog.ContextWindowFor(_session.Model, env.GetEnv);
        w.WriteStartArray("categories");
        foreach (var (name, count) in new[] { ("System prompt", system), ("Tools", tools), ("Messages", messages), ("Free space", Math.Max(0, window - total)) })
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteNumber("tokens", count);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("totalTokens", total);
        w.WriteNumber("maxTokens", window);
        w.WriteNumber("rawMaxTokens", window);
        w.WriteNumber("percentage", Math.Round(100.0 * total / window, 1));
        w.WriteString("model", _session.Model);
    }

    /// <summary><c>mcp_set_servers</c>: the host's servers replace those it manages; answered with what changed.</summary>
    private async Task SetMcpServersAsync(string id, JsonElement request)
    {
        if (setup.Mcp is not { } mcp)
        {
            channel.Fail(id, "this session has no MCP support");
            return;
        }

        var servers = request.TryGetProperty("servers", out var s) ? s : default;
        var inBackground = request.TryGetProperty("connect_in_background", out var b) && b.ValueKind == JsonValueKind.True;
        var changed = await mcp.SetServersAsync(servers, inBackground);
        channel.Succeed(id, w =>
        {
            w.WriteStartArray("added");
            foreach (var name in changed.Added)
            {
                w.WriteStringValue(name);
            }

            w.WriteEndArray();
            w.WriteStartArray("removed");
            foreach (var name in changed.Removed)
            {
                w.WriteStringValue(name);
            }

            w.WriteEndArray();
            w.WriteStartObject("errors");
            foreach (var (name, error) in changed.Errors)
            {
                w.WriteString(name, error);
            }

            w.WriteEndObject();
        });
    }

    /// <summary><c>mcp_reconnect</c> starts a server again; <c>mcp_toggle</c> turns it off (its tools are withdrawn) or on.</summary>
    private async Task ChangeMcpServerAsync(string id, string subtype, JsonElement request)
    {
        var enable = subtype == "mcp_reconnect" || !request.TryGetProperty("enabled", out var enabled) || enabled.ValueKind != JsonValueKind.False;
        var error = setup.Mcp is { } mcp ? await mcp.ChangeServerAsync(StringField(request, "serverName"), enable) : "this session has no MCP support";
        if (error is not null)
        {
            channel.Fail(id, error);
            return;
        }

        channel.Succeed(id);
    }

    /// <summary><c>stop_task</c>: stops one background task (a shell or an agent) by its id.</summary>
    private async Task StopTaskAsync(string id, string? taskId)
    {
        if (taskId is null || setup.Tools.Background.Find(taskId) is not { } task)
        {
            channel.Fail(id, $"no background task '{taskId}'");
            return;
        }

        await task.StopAsync();
        channel.Succeed(id);
    }

    /// <summary>
    /// <c>rewind_files</c>: the files Keel's tools wrote since before the prompt <c>user_message_id</c> go back to
    /// how they were (runs after whatever is queued, so never under a running turn). The host asking is the
    /// confirmation: files changed outside Keel since are overwritten too, as the reference client restores its backups.
    /// </summary>
    private async Task RewindFilesAsync(string id, JsonElement request)
    {
        if (StringField(request, "user_message_id") is not { Length: > 0 } promptId)
        {
            channel.Fail(id, "rewind_files needs user_message_id: the uuid of a user message of this session");
            return;
        }

        var dryRun = request.TryGetProperty("dry_run", out var dry) && dry.ValueKind == JsonValueKind.True;
        var rewound = await _session.RewindFilesAsync(new RewindFiles(promptId) { DryRun = dryRun, OverwriteChangedFiles = true });
        var changed = rewound.Files.Where(static f => f.Status is FileRewindStatus.Restored or FileRewindStatus.Deleted).ToList();
        var failed = rewound.Files.Where(static f => f.Status == FileRewindStatus.Failed).ToList();
        var error = rewound.Error ?? (failed.Count > 0 ? string.Join("; ", failed.Select(static f => $"{f.Path}: {f.Error}")) : null);
        channel.Succeed(id, w =>
        {
            // As the reference client: a rewind that could restore nothing it had to is not possible.
            w.WriteBoolean("canRewind", rewound.Error is null && (failed.Count == 0 || changed.Count > 0));
            if (error is not null)
            {
                w.WriteString("error", error);
            }

            w.WriteStartArray("filesChanged");
            foreach (var file in changed)
            {
                w.WriteStringValue(file.Path);
            }

            w.WriteEndArray();
            w.WriteNumber("insertions", changed.Sum(static f => f.Insertions));
            w.WriteNumber("deletions", changed.Sum(static f => f.Deletions));
        });
    }
}
