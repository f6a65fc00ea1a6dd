namespace Keel.Core.Permissions.Shell;

/// <summary>Finds every simple command a bash command string can run. Never throws.</summary>
public static class ShellAnalyzer
{
    public static ShellAnalysis Analyze(string command)
    {
        var walker = new ShellWalker();
        string? error = null;
        try
        {
            walker.WalkSource(new ShellParser(command, 0), CwdState.Start, ShellWalker.Context.Top);
        }
        catch (ShellParseException e)
        {
            error = e.Message;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException or InsufficientExecutionStackException)
        {
            // A bug in the analyzer must fail closed (ask), never crash the agent.
            error = "the command could not be analysed (" + e.GetType().Name + ")";
        }

        return new ShellAnalysis(walker.Commands, walker.Substitutions, error);
    }
}
