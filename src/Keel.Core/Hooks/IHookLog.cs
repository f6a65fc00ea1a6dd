namespace Keel.Core.Hooks;

/// <summary>Receives every hook invocation (the transcript, <c>--debug hooks</c>); called from any thread.</summary>
public interface IHookLog
{
    void Record(HookInvocation invocation);
}
