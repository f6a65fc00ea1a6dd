using Keel.Core.Permissions;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Keel.Core.Tools;
using Keel.Tools.Files;

namespace Keel.Tools.Search;

/// <summary>Finds files by glob pattern, newest first.</summary>
public sealed class GlobTool : Tool<GlobInput>
{
    public const int MaxResults = 100;

    public GlobTool()
        : base(static () => FileToolsJsonContext.Default.GlobInput)
    {
    }

    public override string Name => "Glob";

    public override ToolKind Kind => ToolKind.Read;

    protected override ToolFacets Describe(GlobInput input, ToolSession session) => base.Describe(input, session) with
    {
        // Without a path the search covers the current directory.
        Paths = [new ToolPathTarget(input.Path is { Length: > 0 } path ? path : session.CurrentDirectory, PathAccess.Read)],
        Summary = input.Path is { Length: > 0 } where ? $"{input.Pattern} in {session.DisplayPath(where)}" : input.Pattern,
        StartsEarly = true,
    };

    protected override string Description => EmbeddedText.Load(nameof(GlobTool));

    protected override bool IsReadOnly(GlobInput input) => true;

    protected override string? Validate(GlobInput input, ToolSession session) =>
        string.IsNullOrWhiteSpace(input.Pattern) ? "pattern must not be empty." : null;

    protected override async ValueTask<ToolResult> ExecuteAsync(GlobInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var started = context.Session.Time.GetTimestamp();
        var root = context.Session.ResolvePath(string.IsNullOrWhiteSpace(input.Path) ? "." : input.Path);
        var pattern = input.Pattern.Trim();
        if (Path.IsPathRooted(pattern) || pattern.StartsWith("~/", StringComparison.Ordinal))
        {
            // An absolute pattern: its literal leading directories become the search root.
            (root, pattern) = SplitLiteralPrefix(context.Session.ResolvePath(pattern));
        }
        else
        {
            (root, pattern) = SplitLiteralPrefix(root, pattern);
        }

        if (File.Exists(root) && pattern.Length == 0)
        {
            return Report([root], 0, started, context.Session);
        }

        if (!Directory.Exists(root))
        {
            return ToolResult.Error($"Directory does not exist: {root}");
        }

        var glob = GlobPattern.Parse(pattern.Length == 0 ? "**" : pattern);
        var found = new ConcurrentBag<GrepHit>();
        var walker = new FileWalker(root, new FileWalkerOptions { MaxDepth = glob.MaxDepth });
        await walker.WalkAsync(
            (entry, directory, name, _) =>
            {
                // A file a Read deny rule forbids is not even listed.
                if (glob.IsMatch(entry.RelativePath) && context.Session.Paths?.ReadDenyRule(entry.FullPath) is null)
                {
                    // Its time from its directory's descriptor where the walk has one: no whole path to resolve again.
                    var modified = directory >= 0 && NativeDirectory.Stat(directory, name, noFollow: false, out var _, out var _, out var time)
                        ? time
                        : File.GetLastWriteTimeUtc(entry.FullPath);
                    found.Add(new GrepHit(entry.FullPath, 0, modified));
                }
            },
            cancellationToken);

        var all = found.ToList();
        var shown = GrepOrder.First(all, MaxResults, GrepOrder.NewestFirst).Select(static f => f.Path).ToList();
        return Report(shown, all.Count - shown.Count, started, context.Session);
    }

    private static ToolResult Report(List<string> paths, int more, long started, ToolSession session)
    {
        var filenames = new JsonArray();
        foreach (var path in paths)
        {
            filenames.Add((JsonNode)JsonValue.Create(path));
        }

        var details = new JsonObject
        {
            ["filenames"] = filenames,
            ["numFiles"] = paths.Count + more,
            ["truncated"] = more > 0,
            ["durationMs"] = (long)session.Time.GetElapsedTime(started).TotalMilliseconds,
        };
        if (paths.Count == 0)
        {
            return ToolResult.Success("No files found", details);
        }

        var text = new StringBuilder().AppendJoin('\n', paths);
        if (more > 0)
        {
            text.Append($"\n(results truncated: {more} more; narrow the pattern)");
        }

        return ToolResult.Success(text.ToString(), details);
    }

    /// <summary>Moves leading wildcard-free segments of the pattern into the root, so less is walked.</summary>
    private static (string Root, string Pattern) SplitLiteralPrefix(string root, string pattern = "")
    {
        if (pattern.Length == 0)
        {
            // The whole (absolute) pattern is in root: split it at the first segment with a wildcard.
            pattern = root;
            root = "/";
        }

        var segments = pattern.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var literal = 0;
        while (literal < segments.Length - 1 && segments[literal] != ".." && segments[literal].IndexOfAny(['*', '?', '[', '{', '\\']) < 0)
        {
            literal++;
        }

        var newRoot = PathScope.Normalize(Path.Combine([root, .. segments[..literal]]));
        return (newRoot, string.Join('/', segments[literal..]));
    }
}
