namespace Keel.Terminal.Rendering.ToolCards;

public enum ToolCardStatus
{
    Running,
    Succeeded,
    Failed,
    Denied,
}
