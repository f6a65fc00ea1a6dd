using Keel.Core.Sessions;

namespace Keel.Core.Hooks;

/// <summary>Logs hook invocations to the session transcript.</summary>
public sealed class RecorderHookLog(ISessionRecorder recorder) : IHookLog
{
    public void Record(HookInvocation invocation) => recorder.RecordHook(invocation);
}
