using System.Runtime.InteropServices;
using System.Text.Json;
using Keel.Anthropic.Http;
using Keel.Cli.Arguments;
using Keel.Cli.Composition;
using Keel.Cli.Headless.StructuredOutput;
using Keel.Core.Hooks;

namespace Keel.Cli.Headless.StreamInput;

/// <summary>
/// Composes a session for <c>--input-format stream-json</c> and runs it until stdin ends. An SDK host's first line is
/// its <c>initialize</c> request: what it carries (system prompt, hooks, MCP servers, agents, output schema) is read
/// before the session is composed, so the session is built with it.
/// </summary>
public static class StreamInputRunner
{
    public const string StdioPromptTool = "stdio";

    /// <summary>How long composition waits for an SDK host's initialize line before starting without it.</summary>
    private static readonly TimeSpan FirstLineWait = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(CliOptions options, KeelEnvironment env, Stream stdout, TextWriter stderr, TextReader stdin)
    {
        if (options.OutputFormat != OutputFormat.StreamJson)
        {
            await stderr.WriteLineAsync("Error: --input-format stream-json requires --output-format stream-json.");
            return 1;
        }

        _ = HttpWarmup.Start();
        var output = new LockedStream(stdout);
        var channel = new ControlChannel(output);
        var sdkMcp = new SdkMcpTransport(channel);
        var pump = new StdinPump(channel, sdkMcp, stderr);
        using var stop = new CancellationTokenSource();

        // An SDK host writes initialize at once; without --await-initialize a host that sends nothing yet still gets its
        // session (and what starts with it) after a short wait, and a later initialize is answered without effect.
        var firstLine = ReadFirstLineAsync(stdin);
        if (options.AwaitInitialize)
        {
            // The host's servers, settings and plugins come with initialize and must be in place before the session.
            await firstLine;
        }
        else
        {
            await Task.WhenAny(firstLine, Task.Delay(FirstLineWait, env.Time));
        }

        var first = firstLine.IsCompleted ? await firstLine : null;
        var init = first is null ? null : InitializeRequest.TryRead(first);
        if (init is null && first is not null)
        {
            pump.Enqueue(first);
        }

        if (options.AwaitInitialize && init is null)
        {
            await stderr.WriteLineAsync("Error: --await-initialize: the first line on stdin must be the initialize control request.");
            return 1;
        }

        _ = Task.Run(() => pump.RunAsync(stdin, firstLine.IsCompleted ? null : firstLine, stop.Token), CancellationToken.None);
        options = init?.Apply(options) ?? options;
        var structured = StructuredOutputFor(init?.JsonSchema, options.JsonSchema);
        if (structured is not null)
        {
            options = options with { AppendSystemPrompt = StructuredOutputTool.Instruction(options.AppendSystemPrompt) };
        }

        string sessionId = string.Empty;
        var host = new HostAdditions
        {
            Hooks = init?.Hooks ?? [],
            HookExecutor = inner =>
            {
                IHookExecutor sdk = new SdkHookExecutor(inner, channel, init?.BlockingCallbackIds ?? new HashSet<string>(StringComparer.Ordinal), env.Time);
                return options.IncludeHookEvents ? new HookEventExecutor(sdk, channel.WriteLine, () => sessionId) : sdk;
            },
            Tools = structured is null ? [] : [structured],
            SdkMcpServers = init?.SdkMcpServers ?? [],
            SdkMcpTransport = sdkMcp.For,
            Skills = init?.Skills,
        };
        var stdio = string.Equals(options.PermissionPromptTool, StdioPromptTool, StringComparison.Ordinal);
        var surface = new SessionSurface(PersonAnswers: stdio, Continuing: true) { Host = host };

        // Composition blocks while MCP servers start; the host's in-process ones answer through the running pump.
        var (built, error) = await SessionBuilder.BuildAsync(options, env, surface);
        if (built is null)
        {
            return Refuse(channel, init, stderr, error!);
        }

        await using var setup = built;
        sessionId = setup.SessionId;
        foreach (var warning in setup.Warnings)
        {
            await stderr.WriteLineAsync($"Warning: {warning}");
        }

        foreach (var unknown in init?.UnknownHookEvents ?? [])
        {
            await stderr.WriteLineAsync($"Warning: the SDK host's {unknown} hooks will not run: Keel has no {unknown} hook point");
        }

        var killed = false;
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            killed = true;
            stop.Cancel();
        });

        setup.StartDream();
        var session = new StreamInputSession(setup, channel, output, stderr, options, env)
        {
            Initialize = init,
            Structured = structured,
        };
        var exitCode = await session.RunAsync(pump.Lines, () => killed, stop.Token);
        if (!stop.IsCancellationRequested)
        {
            await setup.DrainBackgroundMemoryAsync();
        }

        return exitCode;
    }

    /// <summary>The first non-blank line (null at EOF): an SDK host sends initialize there.</summary>
    private static async Task<string?> ReadFirstLineAsync(TextReader stdin)
    {
        while (await stdin.ReadLineAsync() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>The structured-output tool for the schema from initialize or --json-schema (checked by the parser), or null.</summary>
    private static StructuredOutputTool? StructuredOutputFor(JsonElement? fromInitialize, string? fromFlag)
    {
        if (fromInitialize is { } schema)
        {
            return new StructuredOutputTool(schema);
        }

        if (fromFlag is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(fromFlag);
        return new StructuredOutputTool(document.RootElement.Clone());
    }

    /// <summary>The session cannot start: the host's initialize gets the reason (so the SDK reports it), and so does stderr.</summary>
    private static int Refuse(ControlChannel channel, InitializeRequest? init, TextWriter stderr, string error)
    {
        if (init is not null)
        {
            channel.Fail(init.RequestId, error);
        }

        stderr.WriteLine($"Error: {error}");
        return 1;
    }
}
