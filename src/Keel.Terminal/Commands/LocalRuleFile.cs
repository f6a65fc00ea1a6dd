using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel.Terminal.Commands;

/// <summary>Deletes a rule from a settings file's permissions lists, keeping everything else (temp file + rename).</summary>
public static class LocalRuleFile
{
    public static (bool Removed, string? Error) Remove(string path, string rule)
    {
        if (!File.Exists(path))
        {
            return (false, null);
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return (false, $"{path} is not valid JSON ({ex.Message}); fix it first.");
        }

        if (root?["permissions"] is not JsonObject permissions)
        {
            return (false, null);
        }

        var removed = false;
        foreach (var key in (string[])["allow", "deny", "ask"])
        {
            if (permissions[key] is JsonArray list)
            {
                foreach (var item in list.Where(i => i?.GetValueKind() == JsonValueKind.String && i.GetValue<string>() == rule).ToList())
                {
                    list.Remove(item);
                    removed = true;
                }
            }
        }

        if (removed)
        {
            var temp = path + ".tmp";
            File.WriteAllText(temp, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            File.Move(temp, path, overwrite: true);
        }

        return (removed, null);
    }
}
