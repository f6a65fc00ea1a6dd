using Keel.Terminal.Screen;

namespace Keel.Cli.Interactive;

/// <summary>The real terminal: fd 1 for output, the window size from ioctl, raw mode and the input thread for suspend/resume.</summary>
internal sealed class TtyTerminal(TerminalOutput output, TerminalInput input) : ITerminalIo
{
    public RawMode? Raw { get; set; }

    public (int Columns, int Rows) Size => TerminalOutput.Size();

    public void Write(string text) => output.Write(text);

    public void Suspend()
    {
        input.Pause();
        Raw?.Suspend();
    }

    public void Resume()
    {
        Raw?.Resume();
        input.Resume();
    }
}
