namespace Keel.Core.Sessions;

/// <summary>Where Keel keeps user-level state: <c>~/.keel</c>, or <c>KEEL_CONFIG_DIR</c>.</summary>
public static class KeelPaths
{
    public static string ConfigDirectory(Func<string, string?> getEnv)
    {
        var configured = getEnv("KEEL_CONFIG_DIR");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var home = getEnv("HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return Path.Combine(home, ".keel");
    }

    /// <summary>The per-project folder of transcripts: every non-alphanumeric of the cwd becomes '-'.</summary>
    public static string ProjectSessionsDirectory(string configDirectory, string cwd) =>
        Path.Combine(configDirectory, "projects", Sanitize(cwd));

    public static string Sanitize(string path)
    {
        var chars = path.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]))
            {
                chars[i] = '-';
            }
        }

        return new string(chars);
    }
}
