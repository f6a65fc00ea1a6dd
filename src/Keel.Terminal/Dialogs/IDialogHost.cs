namespace Keel.Terminal.Dialogs;

/// <summary>Shows a dialog in the live region and waits for the answer (null: dismissed with Esc or cancelled).</summary>
public interface IDialogHost
{
    Task<ChoiceResult?> ShowAsync(ChoiceDialog dialog, CancellationToken cancellationToken);
}
