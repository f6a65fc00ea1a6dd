using Keel.Cli.Composition;

namespace Keel.Cli.Headless;

/// <summary>What every sink needs to describe the run.</summary>
public sealed record HeadlessContext(SessionSetup Session, RunReport Report, Stream Stdout, TextWriter Stderr, bool Verbose, bool IncludePartialMessages)
{
    /// <summary>The structured-output tool when the run must end with structured data (--json-schema), else null.</summary>
    public StructuredOutput.StructuredOutputTool? Structured { get; init; }

    /// <summary>How many reminders the model got before a missing structured answer fails the run.</summary>
    public int StructuredRetries { get; init; }
}
