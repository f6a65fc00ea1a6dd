using Keel.Core.Hooks;
using Keel.Core.Tools;

namespace Keel.Cli.Composition;

/// <summary>
/// What an SDK host adds to the session it drives (from its <c>initialize</c> request): hook handlers that are host
/// callbacks and the executor that reaches them, in-process MCP servers and the transport to them, extra tools
/// (structured output), and the skills the session may use.
/// </summary>
public sealed record HostAdditions
{
    public IReadOnlyList<HookRegistration> Hooks { get; init; } = [];

    /// <summary>Wraps the hook executor the session would use (callback hooks, hook events).</summary>
    public Func<IHookExecutor, IHookExecutor>? HookExecutor { get; init; }

    public IReadOnlyList<ITool> Tools { get; init; } = [];

    /// <summary>Names of the host's in-process MCP servers.</summary>
    public IReadOnlyList<string> SdkMcpServers { get; init; } = [];

    /// <summary>Connects one in-process server by name.</summary>
    public Func<string, ModelContextProtocol.Client.IClientTransport>? SdkMcpTransport { get; init; }

    /// <summary>The skills the session may use; null: all.</summary>
    public IReadOnlyList<string>? Skills { get; init; }
}
