namespace Keel.Cli.Headless.StreamInput;

/// <summary>The host answered a control request with an error, or can no longer answer (stdin closed).</summary>
public sealed class ControlRequestFailedException : Exception
{
    public ControlRequestFailedException()
    {
    }

    public ControlRequestFailedException(string message)
        : base(message)
    {
    }

    public ControlRequestFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
