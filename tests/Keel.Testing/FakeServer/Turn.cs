namespace Keel.Testing.FakeServer;

/// <summary>Entry points of the turn DSL; every method returns a <see cref="ScriptedTurn"/> to chain on.</summary>
public static class Turn
{
    public static ScriptedTurn Create() => new();

    public static ScriptedTurn Text(string text) => new ScriptedTurn().Text(text);

    public static ScriptedTurn ToolUse(string name, string inputJson, string? id = null) =>
        new ScriptedTurn().ToolUse(name, inputJson, id);

    public static ScriptedTurn Thinking(string thinking, string signature) =>
        new ScriptedTurn().Thinking(thinking, signature);
}
