namespace Keel.Core.Sessions;

/// <summary>
/// What a surface asks a <see cref="Session"/> to do; the one way in. Submit with <see cref="Session.Submit"/>.
/// Turns, compaction and conversation changes run one after another in submission order; <see cref="Interrupt"/>,
/// <see cref="SetMode"/> and the answers take effect at once, even while a turn runs. The hierarchy is closed:
/// only Keel.Core declares operations.
/// </summary>
public abstract record SessionOperation
{
    private protected SessionOperation()
    {
    }
}
