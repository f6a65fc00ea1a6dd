using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Keel.Terminal.Screen;

/// <summary>
/// Writes straight to file descriptor 1, bypassing System.Console so .NET never reconfigures the terminal
/// behind the raw mode's back.
/// </summary>
public sealed class TerminalOutput : IDisposable
{
    private readonly FileStream _stream = new(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
    private readonly Lock _gate = new();

    public void Write(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        lock (_gate)
        {
            _stream.Write(bytes);
            _stream.Flush();
        }
    }

    public static (int Columns, int Rows) Size() => NativeTerminal.WindowSize(1) ?? NativeTerminal.WindowSize(0) ?? (80, 24);

    public void Dispose() => _stream.Dispose();
}
