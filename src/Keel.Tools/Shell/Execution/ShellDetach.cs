using System.Diagnostics;

namespace Keel.Tools.Shell.Execution;

/// <summary>
/// Lets a foreground command be moved to the background while it runs (Ctrl+B): when <see cref="Token"/> fires, the
/// runner stops waiting and hands the live process, its process group (0 when it has none) and its output pumps to
/// the adopter, which owns them from then on.
/// </summary>
internal sealed class ShellDetach(Action<Process, int, Task> adopt, CancellationToken token)
{
    public CancellationToken Token => token;

    /// <summary>True once the process was handed over (the runner must not dispose or kill it).</summary>
    public bool Adopted { get; private set; }

    public void Adopt(Process process, int processGroup, Task pumps)
    {
        adopt(process, processGroup, pumps);
        Adopted = true;
    }
}
