namespace Keel.Terminal;

/// <summary>Marks the interactive terminal assembly (the REPL, renderers and input editor live here).</summary>
public static class TerminalAssembly
{
    public const string Name = "Keel.Terminal";
}
