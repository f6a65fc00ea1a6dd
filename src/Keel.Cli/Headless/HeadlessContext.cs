using Keel.Cli.Composition;

namespace Keel.Cli.Headless;

/// <summary>What every sink needs to describe the run.</summary>
public sealed record HeadlessContext(SessionSetup Session, RunReport Report, Stream Stdout, TextWriter Stderr, bool Verbose, bool IncludePartialMessages);
