namespace Keel.Cli.Arguments;

public enum OutputFormat
{
    Text,
    Json,
    StreamJson,
}
