using Keel.Terminal.Dialogs;

namespace Keel.Cli.Interactive;

/// <summary>The dialog host for prompters built before the REPL exists (the session is composed first).</summary>
internal sealed class DeferredDialogHost : IDialogHost
{
    public IDialogHost? Target { get; set; }

    public Task<ChoiceResult?> ShowAsync(ChoiceDialog dialog, CancellationToken cancellationToken) =>
        Target?.ShowAsync(dialog, cancellationToken) ?? Task.FromResult<ChoiceResult?>(null);
}
