namespace Keel.Terminal.Rendering.Code;

public enum TokenKind
{
    Plain,
    Keyword,
    String,
    Comment,
    Number,
    Key,
}
