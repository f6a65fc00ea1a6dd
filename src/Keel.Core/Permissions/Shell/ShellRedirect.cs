namespace Keel.Core.Permissions.Shell;

/// <summary>
/// One redirection: <paramref name="Fd"/> is the explicit descriptor number (null when omitted),
/// <paramref name="VariableFd"/> the <c>{name}</c> form, <paramref name="Operator"/> the operator text
/// (<c>&gt;</c>, <c>&gt;&gt;</c>, <c>&gt;|</c>, <c>&amp;&gt;</c>, <c>&lt;&lt;&lt;</c>, ...). For here-documents
/// <paramref name="Target"/> is the body.
/// </summary>
public sealed record ShellRedirect(int? Fd, string? VariableFd, string Operator, ShellWord Target, bool Inherited = false)
{
    /// <summary>Writes (or truncates) its target: <c>&gt; &gt;&gt; &gt;| &amp;&gt; &amp;&gt;&gt; &lt;&gt;</c>, and <c>&gt;&amp;word</c> when word is not a descriptor.</summary>
    public bool IsOutput => Operator switch
    {
        ">" or ">>" or ">|" or "&>" or "&>>" or "<>" => true,
        ">&" => !IsDescriptorDuplicate,
        _ => false,
    };

    /// <summary>Reads a file: <c>&lt;</c> (and <c>&lt;&gt;</c>), and <c>&lt;&amp;word</c> when word is not a descriptor.</summary>
    public bool IsFileInput => Operator switch
    {
        "<" or "<>" => true,
        "<&" => !IsDescriptorDuplicate,
        _ => false,
    };

    public bool IsHereDocument => Operator is "<<" or "<<-" or "<<<";

    /// <summary><c>2&gt;&amp;1</c>, <c>&gt;&amp;-</c>, <c>&lt;&amp;3</c>: no file involved.</summary>
    public bool IsDescriptorDuplicate => Operator is ">&" or "<&" && Target.IsLiteral && IsDescriptorText(Target.Value);

    private static bool IsDescriptorText(string text)
    {
        var body = text.EndsWith('-') ? text[..^1] : text;
        return text == "-" || (body.Length > 0 && body.All(char.IsAsciiDigit));
    }
}
