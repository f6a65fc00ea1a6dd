namespace Keel.Terminal.Screen;

/// <summary>The terminal as the REPL sees it: write escape sequences, know the size, hand the tty to a child and take it back.</summary>
public interface ITerminalIo
{
    void Write(string text);

    (int Columns, int Rows) Size { get; }

    /// <summary>Cooked mode and no input reading (for $EDITOR); <see cref="Resume"/> undoes it.</summary>
    void Suspend();

    void Resume();
}
