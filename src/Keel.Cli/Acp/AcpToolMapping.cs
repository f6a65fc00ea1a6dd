using Keel.Core.Tools;

namespace Keel.Cli.Acp;

/// <summary>
/// How a Keel tool call looks to an ACP client, read from what the tool says about itself (its kind, the call's
/// facets and display payload, the result's display), never from its name: the ACP tool kind, the title, the files
/// it touches (for follow-along) and the content (a diff for a file change, the output for a command).
/// </summary>
internal static class AcpToolMapping
{
    private const int MaxTitle = 160;

    /// <summary>The ACP <c>ToolKind</c>: read, edit, search, execute, fetch or other.</summary>
    public static string Kind(ToolKind? kind, ToolFacets facets) => kind switch
    {
        ToolKind.Write => "edit",
        ToolKind.Read when facets.Display is FileReadDisplay => "read",
        ToolKind.Read when facets.Url is not null => "fetch",
        ToolKind.Read => "search",
        ToolKind.Network => "fetch",
        ToolKind.Exec when facets.Command is not null || facets.Display is CommandDisplay => "execute",
        _ => "other",
    };

    /// <summary>The tool's name and the one-line summary the tool gives (a command, a path, a pattern).</summary>
    public static string Title(string toolName, ToolFacets facets)
    {
        var summary = facets.Summary.ReplaceLineEndings(" ").Trim();
        var title = summary.Length == 0 ? toolName : $"{toolName} {summary}";
        return title.Length <= MaxTitle ? title : title[..(MaxTitle - 1)] + "…";
    }

    /// <summary>The files the call reads or writes, absolute, with the first changed line when the payload knows it.</summary>
    public static IReadOnlyList<AcpLocation> Locations(ToolFacets facets, ToolDisplay? resultDisplay, ToolSession session)
    {
        var locations = new List<AcpLocation>();
        if ((resultDisplay ?? facets.Display) is FilePatchDisplay patch)
        {
            locations.Add(new AcpLocation(session.ResolvePath(patch.Path)) { Line = patch.FirstLineNumber });
        }

        foreach (var target in facets.Paths)
        {
            var path = session.ResolvePath(target.Path);
            if (target.Path.Length > 0 && !locations.Exists(l => l.Path == path))
            {
                locations.Add(new AcpLocation(path));
            }
        }

        return locations;
    }

    /// <summary>What the client shows inside the call before it runs: the change a file edit asks for.</summary>
    public static IReadOnlyList<AcpToolCallContent>? PlannedContent(ToolFacets facets, ToolSession session) =>
        facets.Display is FilePatchDisplay patch ? [Diff(patch, session)] : null;

    /// <summary>
    /// What the client shows once the call finished: the change the tool actually made as a diff, the output of a
    /// command as a fenced block, and otherwise the result text.
    /// </summary>
    public static IReadOnlyList<AcpToolCallContent> FinishedContent(ToolFacets facets, ToolResult result, ToolSession session)
    {
        var content = new List<AcpToolCallContent>();
        if (!result.IsError && (result.Display ?? facets.Display) is FilePatchDisplay patch)
        {
            content.Add(Diff(patch, session));
            return content;
        }

        var text = result.Text;
        if (text.Length == 0)
        {
            return content;
        }

        content.Add(new AcpContentItem(new AcpTextContent(facets.Display is CommandDisplay || facets.Command is not null ? Fenced(text) : text)));
        return content;
    }

    public static string Status(ToolResult result) => result.IsError ? "failed" : "completed";

    private static AcpDiff Diff(FilePatchDisplay patch, ToolSession session) =>
        new(session.ResolvePath(patch.Path), patch.Created ? null : patch.OldText, patch.NewText);

    /// <summary>Command output as a code block whose fence is longer than any backtick run inside it.</summary>
    private static string Fenced(string text)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', Math.Max(3, longest + 1));
        return $"{fence}\n{text.TrimEnd('\n')}\n{fence}";
    }
}
