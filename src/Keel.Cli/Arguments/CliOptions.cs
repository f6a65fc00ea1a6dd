using Keel.Core.Permissions;

namespace Keel.Cli.Arguments;

/// <summary>Everything the command line said, before any of it is acted on.</summary>
public sealed record CliOptions
{
    public bool Print { get; init; }

    public string? Prompt { get; init; }

    public OutputFormat OutputFormat { get; init; } = OutputFormat.Text;

    public string InputFormat { get; init; } = "text";

    public bool Verbose { get; init; }

    public bool IncludePartialMessages { get; init; }

    public int? MaxTurns { get; init; }

    public string? Model { get; init; }

    public string? SystemPrompt { get; init; }

    public string? AppendSystemPrompt { get; init; }

    public IReadOnlyList<string> AllowedTools { get; init; } = [];

    public IReadOnlyList<string> DisallowedTools { get; init; } = [];

    public PermissionMode PermissionMode { get; init; } = PermissionMode.Default;

    public bool Continue { get; init; }

    public string? Resume { get; init; }

    public string? SessionId { get; init; }

    public bool NoSessionPersistence { get; init; }

    public IReadOnlyList<string> AddDirs { get; init; } = [];

    public int? MaxThinkingTokens { get; init; }

    public bool ShowVersion { get; init; }

    public bool ShowHelp { get; init; }
}
