using System.Text.Json;
using Keel.Core.Tools;

namespace Keel.Terminal.Dialogs;

/// <summary>
/// What a permission dialog shows about a call, from what the tool said about it (its facets): the command and
/// where it runs, the edit as before/after lines, the URL, else the tool's one-line summary. Only a call the
/// tool could not describe falls back to its raw input.
/// </summary>
public static class PermissionDialogBody
{
    public const int MaxCommandLines = 20;
    public const int MaxEditLines = 12;

    public static IEnumerable<string> Lines(ToolFacets facets, JsonElement input)
    {
        switch (facets.Display)
        {
            case CommandDisplay shell:
                foreach (var line in shell.Command.Split('\n').Take(MaxCommandLines))
                {
                    yield return "$ " + line;
                }

                if (shell.Description is { Length: > 0 } description)
                {
                    yield return description;
                }

                yield break;
            case FilePatchDisplay patch:
                yield return patch.Path;
                foreach (var line in Take(patch.OldText))
                {
                    yield return "- " + line;
                }

                foreach (var line in Take(patch.NewText))
                {
                    yield return "+ " + line;
                }

                yield break;
            case UrlDisplay url:
                yield return url.Url;
                yield break;
        }

        if (facets.Summary.Length > 0)
        {
            yield return facets.Summary;
            yield break;
        }

        var json = input.ValueKind == JsonValueKind.Undefined ? "{}" : input.GetRawText();
        yield return json.Length > 300 ? json[..297] + "…" : json;
    }

    private static IEnumerable<string> Take(string text) => text.TrimEnd('\n') is { Length: > 0 } lines ? lines.Split('\n').Take(MaxEditLines) : [];
}
