using System.Collections.Frozen;

namespace Keel.Tools.Search;

/// <summary>Grep's <c>type</c> names and the file extensions (or exact names) each covers.</summary>
internal static class GrepFileTypes
{
    private static FrozenDictionary<string, string[]>? _types;

    public static FrozenDictionary<string, string[]> All => _types ??= new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["js"] = [".js", ".jsx", ".mjs", ".cjs"],
        ["ts"] = [".ts", ".tsx", ".mts", ".cts"],
        ["py"] = [".py", ".pyi", ".pyw"],
        ["rust"] = [".rs"],
        ["go"] = [".go"],
        ["java"] = [".java"],
        ["kotlin"] = [".kt", ".kts"],
        ["scala"] = [".scala", ".sc"],
        ["swift"] = [".swift"],
        ["cs"] = [".cs", ".csx"],
        ["fsharp"] = [".fs", ".fsi", ".fsx"],
        ["vb"] = [".vb"],
        ["cpp"] = [".cpp", ".cc", ".cxx", ".c++", ".hpp", ".hh", ".hxx", ".h++", ".h", ".inl", ".ipp"],
        ["c"] = [".c", ".h"],
        ["objc"] = [".m", ".mm", ".h"],
        ["rb"] = [".rb", ".rake", ".gemspec", "Gemfile", "Rakefile"],
        ["php"] = [".php", ".phtml"],
        ["lua"] = [".lua"],
        ["dart"] = [".dart"],
        ["elixir"] = [".ex", ".exs"],
        ["erlang"] = [".erl", ".hrl"],
        ["haskell"] = [".hs", ".lhs"],
        ["clojure"] = [".clj", ".cljs", ".cljc", ".edn"],
        ["r"] = [".r", ".R", ".Rmd"],
        ["sql"] = [".sql"],
        ["md"] = [".md", ".markdown", ".mdx"],
        ["txt"] = [".txt"],
        ["rst"] = [".rst"],
        ["json"] = [".json", ".jsonc", ".json5"],
        ["yaml"] = [".yaml", ".yml"],
        ["toml"] = [".toml"],
        ["xml"] = [".xml", ".xsd", ".xsl", ".xslt", ".csproj", ".props", ".targets", ".config", ".svg"],
        ["html"] = [".html", ".htm", ".xhtml"],
        ["css"] = [".css", ".scss", ".sass", ".less"],
        ["vue"] = [".vue"],
        ["svelte"] = [".svelte"],
        ["sh"] = [".sh", ".bash", ".zsh", ".ksh", ".fish"],
        ["ps"] = [".ps1", ".psm1", ".psd1"],
        ["make"] = [".mk", ".mak", "Makefile", "makefile", "GNUmakefile"],
        ["cmake"] = [".cmake", "CMakeLists.txt"],
        ["docker"] = ["Dockerfile", ".dockerfile"],
        ["proto"] = [".proto"],
        ["tf"] = [".tf", ".tfvars"],
        ["zig"] = [".zig"],
        ["nim"] = [".nim"],
        ["ocaml"] = [".ml", ".mli"],
        ["perl"] = [".pl", ".pm", ".t"],
    }.Concat(Aliases()).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the file name belongs to one of <paramref name="suffixes"/>.</summary>
    public static bool Matches(string[] suffixes, ReadOnlySpan<char> name)
    {
        foreach (var suffix in suffixes)
        {
            if (suffix[0] == '.' ? name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) : name.SequenceEqual(suffix))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<KeyValuePair<string, string[]>> Aliases()
    {
        (string Alias, string[] Extensions)[] aliases =
        [
            ("javascript", [".js", ".jsx", ".mjs", ".cjs"]),
            ("typescript", [".ts", ".tsx", ".mts", ".cts"]),
            ("python", [".py", ".pyi", ".pyw"]),
            ("rs", [".rs"]),
            ("golang", [".go"]),
            ("kt", [".kt", ".kts"]),
            ("csharp", [".cs", ".csx"]),
            ("c++", [".cpp", ".cc", ".cxx", ".c++", ".hpp", ".hh", ".hxx", ".h++", ".h", ".inl", ".ipp"]),
            ("ruby", [".rb", ".rake", ".gemspec", "Gemfile", "Rakefile"]),
            ("markdown", [".md", ".markdown", ".mdx"]),
            ("yml", [".yaml", ".yml"]),
            ("bash", [".sh", ".bash", ".zsh", ".ksh", ".fish"]),
            ("shell", [".sh", ".bash", ".zsh", ".ksh", ".fish"]),
            ("powershell", [".ps1", ".psm1", ".psd1"]),
            ("scss", [".scss", ".sass"]),
        ];
        return aliases.Select(static a => new KeyValuePair<string, string[]>(a.Alias, a.Extensions));
    }
}
