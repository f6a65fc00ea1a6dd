using System.Globalization;

namespace Keel.Tools.Shell;

/// <summary>Limits of the Bash tool. <see cref="FromEnvironment"/> applies the <c>BASH_*</c> overrides.</summary>
public sealed record BashOptions
{
    public const int OutputCeiling = 150_000;
    public const int OutputFloor = 1_000;

    public int DefaultTimeoutMs { get; init; } = 120_000;

    public int MaxTimeoutMs { get; init; } = 600_000;

    /// <summary>Characters of output kept inline; more goes to a file under the session directory.</summary>
    public int MaxOutputChars { get; init; } = 30_000;

    /// <summary>Time between SIGTERM and SIGKILL when a command's process group is ended.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The shell to run; null picks $SHELL when it is bash or zsh, else /bin/bash.</summary>
    public string? ShellPath { get; init; }

    public static BashOptions FromEnvironment()
    {
        var defaults = new BashOptions();
        var max = Math.Max(1, Read("BASH_MAX_TIMEOUT_MS") ?? defaults.MaxTimeoutMs);
        return defaults with
        {
            MaxTimeoutMs = max,
            DefaultTimeoutMs = Math.Min(max, Math.Max(1, Read("BASH_DEFAULT_TIMEOUT_MS") ?? defaults.DefaultTimeoutMs)),
            MaxOutputChars = Math.Clamp(Read("BASH_MAX_OUTPUT_LENGTH") ?? defaults.MaxOutputChars, OutputFloor, OutputCeiling),
        };
    }

    private static int? Read(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : null;
}
