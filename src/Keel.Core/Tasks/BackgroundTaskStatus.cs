namespace Keel.Core.Tasks;

public enum BackgroundTaskStatus
{
    Running,
    Completed,
    Failed,
    Killed,
}
