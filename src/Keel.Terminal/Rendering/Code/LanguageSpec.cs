using System.Collections.Frozen;

namespace Keel.Terminal.Rendering.Code;

/// <summary>What the tokenizer needs to know about one language: keywords, comment and string syntax.</summary>
internal sealed record LanguageSpec(
    FrozenSet<string> Keywords,
    string[] LineComments,
    (string Open, string Close)? BlockComment,
    string Quotes,
    bool TripleQuotes = false,
    bool JsonKeys = false,
    bool HashCommentNeedsSpace = false,
    bool CharLiteralsOnly = false)
{
    private static readonly Lazy<FrozenDictionary<string, LanguageSpec>> Table = new(Build);

    public static LanguageSpec? Find(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }

        var name = language.Trim().Split(' ', '{', ',')[0].ToLowerInvariant();
        return Table.Value.GetValueOrDefault(name);
    }

    private static FrozenSet<string> Words(string words) =>
        words.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    private static FrozenDictionary<string, LanguageSpec> Build()
    {
        var cSharp = new LanguageSpec(
            Words("abstract as async await base bool break byte case catch char checked class const continue decimal default delegate do double else enum event explicit extern false finally fixed float for foreach get goto if implicit in init int interface internal is lock long namespace new null object operator out override params partial private protected public readonly record ref required return sbyte sealed set short sizeof stackalloc static string struct switch this throw true try typeof uint ulong unchecked unsafe ushort using var virtual void volatile when where while with yield"),
            ["//"], ("/*", "*/"), "\"'");
        var script = new LanguageSpec(
            Words("abstract any as async await boolean break case catch class const constructor continue debugger declare default delete do else enum export extends false finally for from function get if implements import in instanceof interface keyof let new null number of private protected public readonly return set static string super switch this throw true try type typeof undefined var void while yield"),
            ["//"], ("/*", "*/"), "\"'`");
        var python = new LanguageSpec(
            Words("False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield self match case"),
            ["#"], null, "\"'", TripleQuotes: true);
        var bash = new LanguageSpec(
            Words("if then else elif fi case esac for while until do done in function return local export readonly declare set unset shift exit echo cd source trap break continue"),
            ["#"], null, "\"'", HashCommentNeedsSpace: true);
        var json = new LanguageSpec(Words("true false null"), ["//"], ("/*", "*/"), "\"", JsonKeys: true);
        var go = new LanguageSpec(
            Words("break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var nil true false iota string int int64 int32 uint8 byte rune bool error float64 any"),
            ["//"], ("/*", "*/"), "\"'`");
        var rust = new LanguageSpec(
            Words("as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait true type unsafe use where while Some None Ok Err String Vec Option Result i32 i64 u8 u32 u64 usize isize f32 f64 bool str"),
            ["//"], ("/*", "*/"), "\"'", CharLiteralsOnly: true);
        return new Dictionary<string, LanguageSpec>(StringComparer.Ordinal)
        {
            ["cs"] = cSharp, ["csharp"] = cSharp, ["c#"] = cSharp,
            ["js"] = script, ["javascript"] = script, ["jsx"] = script, ["mjs"] = script, ["cjs"] = script,
            ["ts"] = script, ["typescript"] = script, ["tsx"] = script,
            ["py"] = python, ["python"] = python, ["python3"] = python,
            ["sh"] = bash, ["bash"] = bash, ["shell"] = bash, ["zsh"] = bash, ["console"] = bash, ["shellsession"] = bash,
            ["json"] = json, ["jsonc"] = json, ["json5"] = json,
            ["go"] = go, ["golang"] = go,
            ["rs"] = rust, ["rust"] = rust,
        }.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
