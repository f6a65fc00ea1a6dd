using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Core.Settings.Writing;

namespace Keel.Tests.Core.Settings;

public sealed class SettingsWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-writer-").FullName;

    private string PathOf(string name) => System.IO.Path.Combine(_dir, name);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Untouched_keys_keep_their_bytes_and_a_new_rule_takes_its_siblings_indentation()
    {
        var path = PathOf("settings.json");
        const string Original = "{\n    \"model\":   \"opus\",\n    \"env\": {\"A\": \"1\",  \"B\": \"2\"},\n    \"permissions\": {\n        \"allow\": [\n            \"Read\"\n        ],\n        \"defaultMode\": \"plan\"\n    },\n    \"zeta\": [1,2,3]\n}\n";
        File.WriteAllText(path, Original);

        var error = SettingsWriter.Edit(path, edit =>
        {
            edit.AppendUnique(["permissions", "allow"], JsonValue.Create("Bash(npm test)"));
            return null;
        });

        error.ShouldBeNull();
        File.ReadAllText(path).ShouldBe("{\n    \"model\":   \"opus\",\n    \"env\": {\"A\": \"1\",  \"B\": \"2\"},\n    \"permissions\": {\n        \"allow\": [\n            \"Read\",\n            \"Bash(npm test)\"\n        ],\n        \"defaultMode\": \"plan\"\n    },\n    \"zeta\": [1,2,3]\n}\n");
    }

    [Fact]
    public void Set_replaces_only_the_value_and_creates_missing_objects_and_remove_takes_the_member_out()
    {
        var path = PathOf("settings.json");
        File.WriteAllText(path, "{\n  \"outputStyle\": \"Explanatory\",\n  \"b\":  true\n}\n");

        SettingsWriter.Edit(path, edit =>
        {
            edit.Set(["outputStyle"], JsonValue.Create("Learning"));
            edit.Set(["permissions", "deny"], new JsonArray("WebFetch"));
            return null;
        }).ShouldBeNull();

        File.ReadAllText(path).ShouldBe("{\n  \"outputStyle\": \"Learning\",\n  \"b\":  true,\n  \"permissions\": {\n    \"deny\": [\n      \"WebFetch\"\n    ]\n  }\n}\n");

        SettingsWriter.Edit(path, edit => edit.Remove("b") ? null : "not found").ShouldBeNull();
        SettingsWriter.Edit(path, edit => edit.Remove("outputStyle") ? null : "not found").ShouldBeNull();

        File.ReadAllText(path).ShouldBe("{\n  \"permissions\": {\n    \"deny\": [\n      \"WebFetch\"\n    ]\n  }\n}\n");
    }

    [Fact]
    public void Removing_an_array_item_keeps_the_rest_and_an_unchanged_edit_does_not_touch_the_file()
    {
        var path = PathOf("settings.local.json");
        File.WriteAllText(path, """{"permissions": {"allow": ["Read", "Bash(ls)", "Edit"], "deny": []}}""");

        SettingsWriter.Edit(path, edit =>
        {
            edit.RemoveFromArray(["permissions", "allow"], item => item.GetString() == "Bash(ls)").ShouldBe(1);
            return null;
        }).ShouldBeNull();
        File.ReadAllText(path).ShouldBe("""{"permissions": {"allow": ["Read", "Edit"], "deny": []}}""");

        var before = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, before.AddHours(-1));
        SettingsWriter.Edit(path, edit =>
        {
            edit.AppendUnique(["permissions", "allow"], JsonValue.Create("Read")).ShouldBeFalse();
            return null;
        }).ShouldBeNull();
        File.GetLastWriteTimeUtc(path).ShouldBe(before.AddHours(-1));
    }

    [Fact]
    public void A_missing_file_is_created_and_broken_json_is_left_alone_with_a_message()
    {
        var created = PathOf("new/settings.json");
        SettingsWriter.Edit(created, edit =>
        {
            edit.Set(["model"], JsonValue.Create("haiku"));
            return null;
        }).ShouldBeNull();
        File.ReadAllText(created).ShouldBe("{\n  \"model\": \"haiku\"\n}\n");

        var broken = PathOf("broken.json");
        File.WriteAllText(broken, "{\n  \"a\": 1,\n  \"b\" 2\n}");
        var error = SettingsWriter.Edit(broken, edit =>
        {
            edit.Set(["model"], JsonValue.Create("haiku"));
            return null;
        });

        error.ShouldBe($"{broken}:3:7: not valid JSON: a missing ':' after the property name; nothing was saved (fix the file first)");
        File.ReadAllText(broken).ShouldBe("{\n  \"a\": 1,\n  \"b\" 2\n}");
        Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public void An_abandoned_edit_writes_nothing()
    {
        var path = PathOf("mcp.json");
        File.WriteAllText(path, """{"mcpServers": {"x": {"command": "a"}}}""");

        var error = SettingsWriter.Edit(path, edit =>
        {
            edit.Set(["mcpServers", "y"], new JsonObject { ["command"] = "b" });
            return "changed my mind";
        });

        error.ShouldBe("changed my mind");
        File.ReadAllText(path).ShouldBe("""{"mcpServers": {"x": {"command": "a"}}}""");
    }

    [Fact]
    public void The_file_is_replaced_by_rename_so_a_reader_holding_the_old_file_still_sees_it_whole()
    {
        var path = PathOf("trusted.json");
        File.WriteAllText(path, """{"trusted": ["/a"]}""");
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        SettingsWriter.Edit(path, edit =>
        {
            edit.AppendUnique(["trusted"], JsonValue.Create("/b"));
            return null;
        }).ShouldBeNull();

        new StreamReader(reader).ReadToEnd().ShouldBe("""{"trusted": ["/a"]}""");
        File.ReadAllText(path).ShouldBe("""{"trusted": ["/a", "/b"]}""");
    }

    [Fact]
    public async Task Concurrent_writers_do_not_lose_each_others_keys()
    {
        var path = PathOf("settings.local.json");
        File.WriteAllText(path, "{\n  \"keep\": \"me\"\n}\n");

        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 15; i++)
            {
                var rule = $"Bash(task{w}-{i})";
                SettingsWriter.Edit(path, edit =>
                {
                    edit.AppendUnique(["permissions", "allow"], JsonValue.Create(rule));
                    edit.Set(["writer" + w], JsonValue.Create(i));
                    return null;
                }).ShouldBeNull();
            }
        }));
        await Task.WhenAll(writers);

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        root.GetProperty("keep").GetString().ShouldBe("me");
        root.GetProperty("permissions").GetProperty("allow").GetArrayLength().ShouldBe(120);
        Enumerable.Range(0, 8).ShouldAllBe(w => root.GetProperty("writer" + w).GetInt32() == 14);
    }
}
