namespace Keel.Core.Model;

/// <summary>A model call failed; <see cref="Error"/> says how.</summary>
public sealed class ModelCallException : Exception
{
    public ModelCallException(ModelError error, Exception? inner = null)
        : base(error.Describe(), inner)
    {
        Error = error;
    }

    public ModelError Error { get; }
}
