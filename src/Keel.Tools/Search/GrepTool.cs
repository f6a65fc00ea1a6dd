using Keel.Core.Permissions;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Keel.Core.Tools;
using Keel.Tools.Files;

namespace Keel.Tools.Search;

/// <summary>Searches file contents with a regular expression.</summary>
public sealed partial class GrepTool : Tool<GrepInput>
{
    public const int DefaultHeadLimit = 250;

    public GrepTool()
        : base(static () => FileToolsJsonContext.Default.GrepInput)
    {
    }

    public override string Name => "Grep";

    public override ToolKind Kind => ToolKind.Read;

    protected override ToolFacets Describe(GrepInput input, ToolSession session) => base.Describe(input, session) with
    {
        // Without a path the search covers the current directory.
        Paths = [new ToolPathTarget(input.Path is { Length: > 0 } path ? path : session.CurrentDirectory, PathAccess.Read)],
        Summary = input.Path is { Length: > 0 } where ? $"{input.Pattern} in {session.DisplayPath(where)}" : input.Pattern,
        StartsEarly = true,
    };

    protected override string Description => EmbeddedText.Load(nameof(GrepTool));

    protected override bool IsReadOnly(GrepInput input) => true;

    protected override string? Validate(GrepInput input, ToolSession session)
    {
        if (string.IsNullOrEmpty(input.Pattern))
        {
            return "pattern must not be empty.";
        }

        if (input.OutputMode is not (null or "files_with_matches" or "content" or "count"))
        {
            return $"output_mode must be \"files_with_matches\", \"content\" or \"count\", not \"{input.OutputMode}\".";
        }

        if (input.After < 0 || input.Before < 0 || input.Context < 0 || input.HeadLimit < 0 || input.Offset < 0)
        {
            return "-A, -B, -C, head_limit and offset cannot be negative.";
        }

        if (input.Type is { } type && !GrepFileTypes.All.ContainsKey(type))
        {
            return $"Unknown type \"{type}\". Known types: {string.Join(", ", GrepFileTypes.All.Keys.Order(StringComparer.Ordinal))}. Or use glob instead.";
        }

        return null;
    }

    protected override async ValueTask<ToolResult> ExecuteAsync(GrepInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var session = context.Session;
        var root = session.ResolvePath(string.IsNullOrWhiteSpace(input.Path) ? "." : input.Path);
        var isDirectory = Directory.Exists(root);
        if (!isDirectory && !File.Exists(root))
        {
            return ToolResult.Error($"Path does not exist: {root}");
        }

        var mode = input.OutputMode ?? "files_with_matches";
        var multiline = input.Multiline == true;
        Regex regex;
        try
        {
            var options = RegexOptions.CultureInvariant | RegexOptions.Multiline;
            options |= input.IgnoreCase == true ? RegexOptions.IgnoreCase : RegexOptions.None;
            options |= multiline ? RegexOptions.Singleline : RegexOptions.None;
            // Compiling costs milliseconds up front and pays off over a tree of files.
            options |= isDirectory ? RegexOptions.Compiled : RegexOptions.None;
            regex = new Regex(input.Pattern, options, GrepMatcher.MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            return ToolResult.Error($"Invalid regular expression \"{input.Pattern}\": {ex.Message}");
        }

        var limit = input.HeadLimit is null or 0 ? (input.HeadLimit == 0 ? int.MaxValue : DefaultHeadLimit) : input.HeadLimit.Value;
        var format = new GrepContentFormat(input.Before ?? input.Context ?? 0, input.After ?? input.Context ?? 0, input.LineNumbers ?? true);

        // Unlimited content needs every matching file's lines: they are built in the parallel pass from the bytes it read.
        // A limited one reads files again in path order and stops when the page is full.
        var eager = mode == "content" && limit == int.MaxValue;
        var matcher = new GrepMatcher(regex, multiline, LiteralPrefilter.TryCreate(input.Pattern, input.IgnoreCase == true));
        var search = new GrepSearch(
            matcher,
            WithoutDenied(Filter(input), session),
            firstOnly: mode == "files_with_matches",
            eager ? format : null,
            path => DisplayStart(path, session));
        var hits = await search.RunAsync(root, cancellationToken);
        var output = new GrepOutput(input.Offset ?? 0, limit);
        var details = new JsonObject { ["mode"] = mode, ["numFiles"] = hits.Count };
        string text;
        if (hits.Count == 0)
        {
            text = "No matches found";
        }
        else if (mode == "content")
        {
            // Every file gives at least one line, so no more files than lines on the page are needed, unless a file
            // stopped matching since the search: then the page goes on with the files after those.
            var first = GrepOrder.First(hits, output.MostEntries, GrepOrder.ByPath);
            var printedAny = false;
            WriteContent(first, 0, ref printedAny, matcher, format, eager, session, output, cancellationToken);
            if (!output.Full && first.Count < hits.Count)
            {
                GrepOrder.Sort(hits, GrepOrder.ByPath);
                WriteContent(hits, first.Count, ref printedAny, matcher, format, eager, session, output, cancellationToken);
            }

            text = output.Join();
            details["content"] = text;
            details["numLines"] = output.Count;
        }
        else if (mode == "count")
        {
            var total = 0;
            foreach (var hit in hits)
            {
                total += hit.Count;
            }

            foreach (var hit in GrepOrder.First(hits, output.MostEntries, GrepOrder.ByPath))
            {
                if (output.Wants())
                {
                    output.Keep($"{Display(hit.Path, session)}:{hit.Count}");
                }
            }

            text = output.Join() + $"\n\nFound {total} matching lines in {hits.Count} files.";
            details["numMatches"] = total;
        }
        else
        {
            var filenames = new JsonArray();
            foreach (var hit in GrepOrder.First(hits, output.MostEntries, GrepOrder.NewestFirst))
            {
                if (output.Wants())
                {
                    output.Keep(Display(hit.Path, session));
                }
                else if (output.Full)
                {
                    break;
                }
            }

            foreach (var line in output.Lines)
            {
                filenames.Add((JsonNode)JsonValue.Create(line));
            }

            details["filenames"] = filenames;
            text = $"Found {hits.Count} file{(hits.Count == 1 ? string.Empty : "s")}\n" + output.Join();
        }

        return ToolResult.Success(text + Notes(output, input, search), details);
    }

    private static string Notes(GrepOutput output, GrepInput input, GrepSearch search)
    {
        var notes = new StringBuilder();
        if (output.Truncated)
        {
            var next = (input.Offset ?? 0) + output.Count;
            notes.Append(input.HeadLimit is > 0
                ? $"\n\n(results truncated at head_limit={input.HeadLimit}; use offset={next} to see more)"
                : $"\n\n(showing the first {output.Count} results; use offset={next} to see more, or narrow the search)");
        }

        if (!search.TimedOut.IsEmpty)
        {
            notes.Append($"\n\n(skipped {search.TimedOut.Count} file(s) where the pattern took too long, e.g. {search.TimedOut.First()}; simplify the pattern)");
        }

        return notes.ToString();
    }

    /// <summary>Skips files a Read deny rule forbids: the search was allowed on its root, not on every file under it.</summary>
    private static Func<WalkEntry, bool> WithoutDenied(Func<WalkEntry, bool> filter, ToolSession session) =>
        session.Paths is { } paths ? entry => filter(entry) && paths.ReadDenyRule(entry.FullPath) is null : filter;

    private static Func<WalkEntry, bool> Filter(GrepInput input)
    {
        var glob = string.IsNullOrWhiteSpace(input.Glob) ? null : GlobPattern.Parse(input.Glob);
        var types = input.Type is null ? null : GrepFileTypes.All[input.Type];
        if (glob is null && types is null)
        {
            return static _ => true;
        }

        return entry =>
        {
            var name = entry.FullPath.AsSpan(entry.FullPath.LastIndexOf('/') + 1);
            if (types is not null && !GrepFileTypes.Matches(types, name))
            {
                return false;
            }

            return glob is null || (glob.HasSlash ? glob.IsMatch(entry.RelativePath) : glob.IsNameMatch(name));
        };
    }

    private static string Display(string path, ToolSession session) => path[DisplayStart(path, session)..];

    /// <summary>Where the shown path starts: relative to the current directory when within it, else whole.</summary>
    private static int DisplayStart(string path, ToolSession session)
    {
        var current = session.CurrentDirectory;
        return PathScope.IsWithin(path, current) && path.Length > current.Length ? (current == "/" ? 1 : current.Length + 1) : 0;
    }
}
