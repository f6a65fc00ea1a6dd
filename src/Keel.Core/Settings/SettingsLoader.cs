using System.Text.Json;
using Keel.Core.Json;

namespace Keel.Core.Settings;

/// <summary>
/// Reads the settings layers, highest precedence first: managed, <c>--settings</c>, local, project,
/// user (Keel's file before Claude Code's at each level). A file that is not valid JSON is skipped;
/// a file with wrong types keeps only what narrows (deny and ask rules). Either way the problem
/// is reported with the file and line. An unreadable managed file fails closed.
/// </summary>
public static class SettingsLoader
{
    public const int MaxFileBytes = 4 * 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static LoadedSettings Load(SettingsLocations at)
    {
        var layers = new List<SettingsLayer>();
        var warnings = new List<SettingsWarning>();
        var managedUnreadable = false;
        var project = at.ProjectDirectory;

        foreach (var file in at.ManagedFiles)
        {
            if (!ReadFile(SettingsSources.Managed, file, project, layers, warnings))
            {
                managedUnreadable = true;
                warnings.Add(new SettingsWarning(file, null, "managed settings could not be used; bypassPermissions mode is disabled until this is fixed"));
            }
        }

        if (at.ManagedJson is { } managedJson
            && !ReadBytes(SettingsSources.Managed, "--managed-settings", at.WorkingDirectory, JsonLines.Utf8(managedJson), layers, warnings))
        {
            managedUnreadable = true;
        }

        if (at.FlagSettings is { } flag)
        {
            if (flag.TrimStart().StartsWith('{'))
            {
                ReadBytes(SettingsSources.Flag, "--settings", at.WorkingDirectory, JsonLines.Utf8(flag), layers, warnings);
            }
            else
            {
                var path = Path.GetFullPath(flag, at.WorkingDirectory);
                if (!File.Exists(path))
                {
                    warnings.Add(new SettingsWarning(path, null, "the --settings file does not exist"));
                }

                ReadFile(SettingsSources.Flag, path, project, layers, warnings);
            }
        }

        if (at.Reads("local"))
        {
            ReadFile(SettingsSources.Local, Path.Combine(project, ".keel", "settings.local.json"), project, layers, warnings);
            ReadFile(SettingsSources.Local, Path.Combine(project, ".claude", "settings.local.json"), project, layers, warnings);
        }

        if (at.Reads("project"))
        {
            ReadFile(SettingsSources.Project, Path.Combine(project, ".keel", "settings.json"), project, layers, warnings);
            ReadFile(SettingsSources.Project, Path.Combine(project, ".claude", "settings.json"), project, layers, warnings);
        }

        if (at.Reads("user"))
        {
            ReadFile(SettingsSources.User, Path.Combine(at.KeelConfigDirectory, "settings.json"), project, layers, warnings);
            ReadFile(SettingsSources.User, Path.Combine(at.Home, ".claude", "settings.json"), project, layers, warnings);
        }

        var permissions = SettingsMerger.MergePermissions(layers, warnings, at.Home, managedUnreadable);
        var sandbox = SettingsMerger.MergeSandbox(layers);
        return new LoadedSettings(layers, warnings, permissions, sandbox, managedUnreadable) { Effective = EffectiveSettings.Merge(layers) };
    }

    /// <summary>False when the file exists but could not be used at all (or only partly).</summary>
    private static bool ReadFile(string source, string path, string baseDirectory, List<SettingsLayer> layers, List<SettingsWarning> warnings)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return true;
            }

            if (info.Length > MaxFileBytes)
            {
                warnings.Add(new SettingsWarning(path, null, $"ignored: larger than {MaxFileBytes / (1024 * 1024)} MiB"));
                return false;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warnings.Add(new SettingsWarning(path, null, $"ignored: could not be read ({ex.Message})"));
            return false;
        }

        return ReadBytes(source, path, baseDirectory, bytes, layers, warnings);
    }

    private static bool ReadBytes(string source, string path, string baseDirectory, byte[] bytes, List<SettingsLayer> layers, List<SettingsWarning> warnings)
    {
        // A UTF-8 byte order mark is common from Windows editors and harmless.
        var content = bytes.AsMemory();
        if (content.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            content = content[3..];
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(content, DocumentOptions);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            var error = JsonSyntaxError.From(ex, content.Span);
            warnings.Add(new SettingsWarning(path, error.Line, $"ignored: not valid JSON: {error.What}") { Column = error.Column });
            return false;
        }

        var errors = SettingsValidator.Validate(root);
        foreach (var (keyPath, message) in errors)
        {
            warnings.Add(new SettingsWarning(path, keyPath.Length == 0 ? 1 : JsonLines.LineOf(content.Span, keyPath), message + "; only the file's deny and ask rules are used"));
        }

        var keyErrors = new List<(string[] Path, string Message)>();
        var file = SettingsFileReader.Read(root, keyErrors);
        foreach (var (keyPath, message) in keyErrors)
        {
            warnings.Add(new SettingsWarning(path, JsonLines.LineOf(content.Span, keyPath), message));
        }

        layers.Add(new SettingsLayer(source, path, baseDirectory, root, NarrowingOnly: errors.Count > 0) { Utf8 = content, File = file });
        return errors.Count == 0;
    }
}
