using System.Runtime.InteropServices;

namespace Keel.Terminal.Screen;

/// <summary>
/// Puts the terminal in raw mode (no echo, no line buffering, no signal keys, no flow control, output
/// post-processing kept so '\n' still returns the carriage) and restores the saved settings exactly once,
/// whichever way the process leaves: dispose, SIGTERM, SIGHUP, or an unhandled exception.
/// </summary>
public sealed class RawMode : IDisposable
{
    private const int StdIn = 0;
    private const int TcsaNow = 0;

    private readonly byte[] _saved = new byte[NativeTerminal.TermiosSize];
    private readonly Action<string> _writeOut;
    private readonly List<PosixSignalRegistration> _signals = [];
    private int _restored;

    private RawMode(Action<string> writeOut) => _writeOut = writeOut;

    public static bool IsTerminal => NativeTerminal.IsTty(0) == 1 && NativeTerminal.IsTty(1) == 1;

    /// <summary>Enters raw mode; <paramref name="writeOut"/> writes escape sequences to the terminal.</summary>
    public static RawMode? Enter(Action<string> writeOut)
    {
        var mode = new RawMode(writeOut);
        if (NativeTerminal.GetAttributes(StdIn, mode._saved) != 0)
        {
            return null;
        }

        var raw = (byte[])mode._saved.Clone();
        Clear(raw, 0, 0x002 | 0x010 | 0x020 | 0x100 | 0x400); // iflag: BRKINT INPCK ISTRIP ICRNL IXON
        Clear(raw, 12, 0x001 | 0x002 | 0x008 | 0x8000);       // lflag: ISIG ICANON ECHO IEXTEN
        raw[17 + 5] = 0; // VTIME
        raw[17 + 6] = 1; // VMIN
        if (NativeTerminal.SetAttributes(StdIn, TcsaNow, raw) != 0)
        {
            return null;
        }

        AppDomain.CurrentDomain.UnhandledException += mode.OnUnhandled;
        AppDomain.CurrentDomain.ProcessExit += mode.OnProcessExit;
        foreach (var signal in (PosixSignal[])[PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT])
        {
            mode._signals.Add(PosixSignalRegistration.Create(signal, _ => mode.Restore()));
        }

        // Bracketed paste on, so a pasted newline is text rather than Enter.
        writeOut("\e[?2004h");
        return mode;
    }

    /// <summary>Back to the saved settings (for $EDITOR, !commands that want the tty); <see cref="Resume"/> re-enters.</summary>
    public void Suspend()
    {
        _writeOut("\e[?2004l");
        _ = NativeTerminal.SetAttributes(StdIn, TcsaNow, _saved);
    }

    public void Resume()
    {
        var raw = new byte[NativeTerminal.TermiosSize];
        if (NativeTerminal.GetAttributes(StdIn, raw) == 0)
        {
            Clear(raw, 0, 0x002 | 0x010 | 0x020 | 0x100 | 0x400);
            Clear(raw, 12, 0x001 | 0x002 | 0x008 | 0x8000);
            raw[17 + 5] = 0;
            raw[17 + 6] = 1;
            _ = NativeTerminal.SetAttributes(StdIn, TcsaNow, raw);
        }

        _writeOut("\e[?2004h");
    }

    public void Restore()
    {
        if (Interlocked.Exchange(ref _restored, 1) != 0)
        {
            return;
        }

        try
        {
            _writeOut("\e[?2004l\e[?2026l\e[0m\e[?25h");
        }
        catch (IOException)
        {
            // The terminal may be gone (SIGHUP); the settings below still matter for a re-attached shell.
        }

        _ = NativeTerminal.SetAttributes(StdIn, TcsaNow, _saved);
    }

    public void Dispose()
    {
        Restore();
        AppDomain.CurrentDomain.UnhandledException -= OnUnhandled;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }
    }

    private static void Clear(byte[] termios, int offset, uint bits)
    {
        var value = BitConverter.ToUInt32(termios, offset) & ~bits;
        BitConverter.TryWriteBytes(termios.AsSpan(offset, 4), value);
    }

    private void OnUnhandled(object? sender, UnhandledExceptionEventArgs e) => Restore();

    private void OnProcessExit(object? sender, EventArgs e) => Restore();
}
