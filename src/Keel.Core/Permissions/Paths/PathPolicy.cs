using System.Collections.Concurrent;

namespace Keel.Core.Permissions.Paths;

/// <summary>
/// Decides one access to one path: special files, deny rules, protected paths, ask rules, the
/// mode table, allow rules. Rules match the lexical path or the symlink-resolved one (allow
/// rules need both); scope is decided on the resolved path, by directory boundary. Cheap enough
/// to run again right before a tool touches the file.
/// </summary>
public sealed class PathPolicy(PermissionContext context) : IPathPolicy
{
    private const int MaxTreeEntries = 50000;
    private static readonly string[] WriteRuleTools = ["Edit", "Write", "NotebookEdit"];
    private readonly ConcurrentDictionary<PermissionRule, PathPattern> _patterns = new();

    public PermissionContext Context => context;

    public PermissionDecision Check(string path, PathAccess access, string cwd)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return PermissionDecision.Deny("the path contains a NUL character", source: "path");
        }

        var lexical = PathResolver.Lexical(path, cwd, context.Home);
        var resolved = PathResolver.Resolve(PathResolver.Absolute(path, cwd, context.Home));
        if (SpecialFile(lexical, resolved) is { } special)
        {
            return PermissionDecision.Deny($"{lexical} is {special}; Keel never opens it (it could block or leak secrets)", source: "path");
        }

        var mode = context.Mode;
        var write = access == PathAccess.Write;
        var rules = context.Rules;
        foreach (var rule in rules)
        {
            // Read deny rules also stop edits of the same file.
            if (rule.Behavior == PermissionBehavior.Deny && (Governs(rule, access) || Governs(rule, PathAccess.Read))
                && (Matches(rule, lexical) || Matches(rule, resolved)))
            {
                return PermissionDecision.Deny($"the rule {rule.Text} from {rule.Origin} denies {(write ? "writing" : "reading")} {lexical}", rule.Text, rule.Source);
            }
        }

        if (InMemoryFolder(resolved) && !(write && mode == PermissionMode.Plan))
        {
            return PermissionDecision.Allow($"{lexical} is in Keel's memory folder, which the file tools may {(write ? "write" : "read")} without asking", source: "memory");
        }

        if (write && (context.Protected.Reason(lexical) ?? context.Protected.Reason(resolved)) is { } reason)
        {
            return mode is PermissionMode.Plan or PermissionMode.DontAsk
                ? PermissionDecision.Deny($"{reason}; writes to it are not allowed in {PermissionModes.Name(mode)} mode", source: "protectedPath")
                : PermissionDecision.Ask($"{reason}; writing {lexical} needs approval in every mode", source: "protectedPath");
        }

        foreach (var rule in rules)
        {
            if (rule.Behavior == PermissionBehavior.Ask && Governs(rule, access) && (Matches(rule, lexical) || Matches(rule, resolved)))
            {
                return AskOrDeny(mode, $"the rule {rule.Text} from {rule.Origin} asks before {(write ? "writing" : "reading")} {lexical}", rule.Text, rule.Source);
            }
        }

        var inside = IsInside(resolved);
        var byMode = ModeDecision(mode, write, inside, lexical);
        if (byMode.Behavior != PermissionBehavior.Ask || (write && mode == PermissionMode.Plan))
        {
            return byMode;
        }

        foreach (var rule in rules)
        {
            if (rule.Behavior == PermissionBehavior.Allow && Governs(rule, access) && Matches(rule, lexical) && Matches(rule, resolved))
            {
                return PermissionDecision.Allow($"the rule {rule.Text} from {rule.Origin} allows {(write ? "writing" : "reading")} {lexical}", rule.Text, rule.Source);
            }
        }

        return mode == PermissionMode.DontAsk ? byMode with { Behavior = PermissionBehavior.Deny, Reason = byMode.Reason + "; dontAsk mode denies whatever would ask" } : byMode;
    }

    public bool IsInsideWorkingDirectories(string path, string cwd) =>
        !path.Contains('\0', StringComparison.Ordinal) && IsInside(PathResolver.Resolve(PathResolver.Absolute(path, cwd, context.Home)));

    /// <summary>
    /// A deny decision when a deny rule covers something inside the directory tree: a file the rule
    /// matches was found, or the tree was too large to search and the rule could match inside it.
    /// </summary>
    public PermissionDecision? DenyWithin(string directory, PathAccess access, string cwd)
    {
        var rules = context.Rules.Where(r => r.Behavior == PermissionBehavior.Deny && (Governs(r, PathAccess.Read) || Governs(r, access))).ToList();
        if (rules.Count == 0 || directory.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var lexical = PathResolver.Lexical(directory, cwd, context.Home);
        var resolved = PathResolver.Resolve(PathResolver.Absolute(directory, cwd, context.Home));
        // Rules that can match a path inside the tree by name; every rule is tried on the targets of symlinks found inside.
        var candidates = rules.Where(r => r.Specifier is null || Pattern(r).MayMatchWithin(lexical) || Pattern(r).MayMatchWithin(resolved)).ToList();
        if (!Directory.Exists(resolved))
        {
            return null;
        }

        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = FileAttributes.None, RecurseSubdirectories = true };
        var visited = 0;
        foreach (var entry in new DirectoryInfo(resolved).EnumerateFileSystemInfos("*", options))
        {
            if (++visited > MaxTreeEntries)
            {
                if (candidates.Count == 0)
                {
                    return null;
                }

                var rule = candidates[0];
                return PermissionDecision.Deny($"{lexical} holds more than {MaxTreeEntries} entries and the rule {rule.Text} could match inside it", rule.Text, rule.Source);
            }

            var full = entry.FullName;
            var asLexical = lexical + full[resolved.Length..];
            var target = entry.LinkTarget is null ? null : PathResolver.Resolve(full);
            foreach (var rule in target is null ? candidates : rules)
            {
                if (Matches(rule, full) || Matches(rule, asLexical) || (target is not null && Matches(rule, target)))
                {
                    return PermissionDecision.Deny($"the rule {rule.Text} from {rule.Origin} denies {(access == PathAccess.Write ? "changing" : "reading")} {asLexical}, which is inside {lexical}", rule.Text, rule.Source);
                }
            }
        }

        return null;
    }

    private PathPattern Pattern(PermissionRule rule) =>
        _patterns.GetOrAdd(rule, static (r, home) => PathPattern.Compile(r.Specifier!, r.BaseDirectory ?? home.ProjectDirectory, home.Home), context);

    /// <summary>The resolved path inside a (resolved) memory folder, so a symlink planted there cannot lead writes elsewhere.</summary>
    private bool InMemoryFolder(string resolved) =>
        context.MemoryDirectories.Any(dir => resolved != dir && ProtectedPaths.Within(resolved, dir));

    private bool IsInside(string resolved) => context.ResolvedWorkingDirectories.Any(dir => ProtectedPaths.Within(resolved, dir));

    private static PermissionDecision ModeDecision(PermissionMode mode, bool write, bool inside, string path)
    {
        var where = inside ? "inside the working directories" : "outside the working directories";
        var name = PermissionModes.Name(mode);
        if (!write)
        {
            return inside || mode == PermissionMode.BypassPermissions
                ? PermissionDecision.Allow($"reading {where} is allowed in {name} mode", source: "mode")
                : PermissionDecision.Ask($"reading {path} ({where}) needs approval in {name} mode", source: "mode");
        }

        return mode switch
        {
            PermissionMode.BypassPermissions => PermissionDecision.Allow($"writing is allowed in {name} mode", source: "mode"),
            PermissionMode.AcceptEdits when inside => PermissionDecision.Allow($"writing {where} is allowed in {name} mode", source: "mode"),
            PermissionMode.Plan => PermissionDecision.Deny("plan mode does not change files", source: "mode"),
            _ => PermissionDecision.Ask($"writing {path} ({where}) needs approval in {name} mode", source: "mode"),
        };
    }

    private static PermissionDecision AskOrDeny(PermissionMode mode, string reason, string rule, string source) =>
        mode == PermissionMode.DontAsk
            ? PermissionDecision.Deny(reason + "; dontAsk mode denies whatever would ask", rule, source)
            : PermissionDecision.Ask(reason, rule, source);

    private static bool Governs(PermissionRule rule, PathAccess access) =>
        access == PathAccess.Read ? rule.ToolName == "Read" : WriteRuleTools.Contains(rule.ToolName);

    /// <summary>
    /// The rule grammar's name for an access: <c>Read(...)</c> rules govern every read and <c>Edit(...)</c> rules every write,
    /// whichever tool or shell command does it. These are words of the settings language, not tool names, so no tool facet owns them.
    /// </summary>
    public static string RuleName(PathAccess access) => access == PathAccess.Read ? "Read" : "Edit";

    /// <summary>True for a deny rule of the path grammar (Read, or the Edit family): the rules this policy applies.</summary>
    public static bool IsPathDeny(PermissionRule rule) =>
        rule.Behavior == PermissionBehavior.Deny && (Governs(rule, PathAccess.Read) || Governs(rule, PathAccess.Write));

    /// <summary>
    /// The deny rule that forbids reading one file a search came across, or null. Glob and Grep
    /// walk whole trees after one check of their root; they call this per file to skip denied ones.
    /// </summary>
    public PermissionRule? ReadDenyRule(string absolutePath)
    {
        if (!context.Rules.Any(static r => r.Behavior == PermissionBehavior.Deny && Governs(r, PathAccess.Read)))
        {
            return null;
        }

        var resolved = PathResolver.Resolve(absolutePath);
        foreach (var rule in context.Rules)
        {
            if (rule.Behavior == PermissionBehavior.Deny && Governs(rule, PathAccess.Read) && (Matches(rule, absolutePath) || Matches(rule, resolved)))
            {
                return rule;
            }
        }

        return null;
    }

    private bool Matches(PermissionRule rule, string path)
    {
        if (rule.Specifier is null)
        {
            return true;
        }

        return Pattern(rule).Matches(path);
    }

    private static string? SpecialFile(string lexical, string resolved)
    {
        foreach (var path in (ReadOnlySpan<string>)[lexical, resolved])
        {
            if (path.StartsWith("/proc/", StringComparison.Ordinal) && Path.GetFileName(path) is "environ" or "mem" or "kcore" or "pagemap")
            {
                return "process memory or environment";
            }
        }

        return FileProbe.Probe(resolved) switch
        {
            FileType.CharacterDevice or FileType.BlockDevice => "a device file",
            FileType.Fifo => "a FIFO (named pipe)",
            FileType.Socket => "a socket",
            _ => null,
        };
    }
}
